package org.streetnode.drivers.emulator;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A GPIO line: its level and who listens to it. Driven by an output port or a device emulator. */
public final class EmulatedPin {

    /** Told about every level change, with the moment it happened. */
    @FunctionalInterface
    public interface LevelListener {
        void levelChanged(boolean high, Instant at);
    }

    private final int number;
    private final List<LevelListener> listeners = new CopyOnWriteArrayList<>();
    private boolean high;

    public EmulatedPin(int number, boolean initialHigh) {
        this.number = number;
        this.high = initialHigh;
    }

    public int number() {
        return number;
    }

    public boolean isHigh() {
        return high;
    }

    public void drive(boolean level, Instant at) {
        if (level == high) {
            return;
        }
        high = level;
        for (LevelListener listener : listeners) {
            listener.levelChanged(level, at);
        }
    }

    public void addListener(LevelListener listener) {
        listeners.add(listener);
    }

    public void removeListener(LevelListener listener) {
        listeners.remove(listener);
    }
}
