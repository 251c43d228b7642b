package org.streetnode.drivers.emulator;

import java.util.EnumSet;
import java.util.Set;

/** Base of every emulator: which faults it supports and which are active now. */
public abstract class EmulatedDevice {

    private final EnumSet<Fault> active = EnumSet.noneOf(Fault.class);

    /** The faults this device can show. */
    public abstract Set<Fault> supportedFaults();

    /** Turns a fault on until {@link #clear(Fault)}; one-shot faults act at once and clear themselves. */
    public final void inject(Fault fault) {
        if (!supportedFaults().contains(fault)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + " cannot show " + fault
                    + "; it supports " + supportedFaults());
        }
        active.add(fault);
        onInject(fault);
    }

    public final void clear(Fault fault) {
        active.remove(fault);
        onClear(fault);
    }

    public final void clearFaults() {
        for (Fault fault : EnumSet.copyOf(active)) {
            clear(fault);
        }
    }

    public final boolean has(Fault fault) {
        return active.contains(fault);
    }

    public final Set<Fault> activeFaults() {
        return Set.copyOf(active);
    }

    /** Hook for faults that change state when injected (stuck values latch, brown-outs reset). */
    protected void onInject(Fault fault) {
    }

    protected void onClear(Fault fault) {
    }
}
