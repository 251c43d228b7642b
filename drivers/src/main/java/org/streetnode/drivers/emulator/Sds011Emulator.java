package org.streetnode.drivers.emulator;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.streetnode.drivers.sds011.Sds011Frame;

/**
 * An SDS011 in its factory active mode: one data frame per second, queued in a UART receive
 * buffer of 4 KiB that drops the oldest bytes when the host does not read (as a tty does on
 * overrun). Frames carry the target PM values.
 */
public final class Sds011Emulator extends SerialDeviceEmulator {

    private static final int RX_BUFFER = 4096;
    private static final Duration PERIOD = Duration.ofSeconds(1);
    private static final byte[] GARBAGE = {0x00, (byte) 0xAA, 0x13, (byte) 0xAB, (byte) 0xAA, (byte) 0xC0, 0x7F};
    private static final double OUT_OF_RANGE_PM = 1500;

    private final int sensorId;
    private final byte[] rx = new byte[RX_BUFFER];
    private int head;
    private int size;
    private Instant nextFrame;
    private double pm25;
    private double pm10;
    private byte[] stuckFrame;

    public Sds011Emulator(Instant poweredOn, int sensorId) {
        this.nextFrame = Objects.requireNonNull(poweredOn, "poweredOn").plus(PERIOD);
        this.sensorId = sensorId;
    }

    @Override
    public Set<Fault> supportedFaults() {
        return EnumSet.of(Fault.STUCK_VALUE, Fault.DISCONNECT_MID_TRANSFER, Fault.GARBAGE_FRAMES,
                Fault.BAD_CHECKSUM, Fault.NO_DATA, Fault.OUT_OF_RANGE);
    }

    public void setConcentrations(double pm25, double pm10) {
        this.pm25 = pm25;
        this.pm10 = pm10;
    }

    @Override
    protected void onInject(Fault fault) {
        if (fault == Fault.STUCK_VALUE) {
            stuckFrame = frame();
        }
    }

    @Override
    public int read(byte[] buffer, Instant now) {
        pump(now);
        int n = Math.min(buffer.length, size);
        for (int i = 0; i < n; i++) {
            buffer[i] = rx[(head + i) % RX_BUFFER];
        }
        head = (head + n) % RX_BUFFER;
        size -= n;
        return n;
    }

    @Override
    public Optional<Instant> nextDataAt(Instant now) {
        pump(now);
        if (size > 0) {
            return Optional.of(now);
        }
        return has(Fault.NO_DATA) ? Optional.empty() : Optional.of(nextFrame);
    }

    @Override
    public void write(byte[] data, Instant now) {
        // Commands (query mode, sleep) are not emulated: the sensor stays in active mode.
    }

    /** Queues every frame due until {@code now}; frames older than the buffer holds are skipped. */
    private void pump(Instant now) {
        long due = Duration.between(nextFrame, now).toNanos() / PERIOD.toNanos() + (now.isBefore(nextFrame) ? 0 : 1);
        if (due <= 0) {
            return;
        }
        long keep = Math.min(due, RX_BUFFER / Sds011Frame.LENGTH / 2 + 1);
        nextFrame = nextFrame.plus(PERIOD.multipliedBy(due - keep));
        for (long i = 0; i < keep; i++) {
            emitFrame();
            nextFrame = nextFrame.plus(PERIOD);
        }
    }

    private void emitFrame() {
        if (has(Fault.NO_DATA)) {
            return;
        }
        if (has(Fault.GARBAGE_FRAMES)) {
            enqueue(GARBAGE, GARBAGE.length);
        }
        byte[] f = has(Fault.STUCK_VALUE) ? stuckFrame.clone() : frame();
        if (has(Fault.BAD_CHECKSUM)) {
            f[8] ^= 0x21;
        }
        if (has(Fault.DISCONNECT_MID_TRANSFER)) {
            enqueue(f, 4);
            clear(Fault.DISCONNECT_MID_TRANSFER);
            inject(Fault.NO_DATA);
            return;
        }
        enqueue(f, f.length);
    }

    private byte[] frame() {
        return has(Fault.OUT_OF_RANGE)
                ? Sds011Frame.encode(OUT_OF_RANGE_PM, OUT_OF_RANGE_PM, sensorId)
                : Sds011Frame.encode(pm25, pm10, sensorId);
    }

    private void enqueue(byte[] bytes, int count) {
        for (int i = 0; i < count; i++) {
            if (size == RX_BUFFER) {
                head = (head + 1) % RX_BUFFER; // overrun: the oldest byte is lost
                size--;
            }
            rx[(head + size) % RX_BUFFER] = bytes[i];
            size++;
        }
    }
}
