package org.streetnode.drivers.emulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.streetnode.drivers.port.Delay;
import org.streetnode.drivers.port.PortException;
import org.streetnode.drivers.port.SerialPort;

/** A serial port reading an emulated device's byte stream; waits through the board's {@link Delay}. */
final class EmulatedSerialPort implements SerialPort {

    private final String device;
    private final int baud;
    private final SerialDeviceEmulator emulator;
    private final EmulatedBoardIo board;
    private final Clock clock;
    private final Delay delay;
    private final Lease lease;

    EmulatedSerialPort(String device, int baud, SerialDeviceEmulator emulator, EmulatedBoardIo board, Clock clock,
            Delay delay, Lease lease) {
        this.device = device;
        this.baud = baud;
        this.emulator = emulator;
        this.board = board;
        this.clock = clock;
        this.delay = delay;
        this.lease = lease;
    }

    @Override
    public String device() {
        return device;
    }

    @Override
    public int baud() {
        return baud;
    }

    /** What one look at the device found: bytes read, or when more will come. */
    private record Poll(int count, Optional<Instant> next) {
    }

    @Override
    public int read(byte[] buffer, Duration timeout) throws PortException {
        Instant deadline = clock.instant().plus(timeout);
        while (true) {
            Poll poll = board.withPort(lease, () -> {
                Instant now = clock.instant();
                int n = emulator.read(buffer, now);
                return new Poll(n, n > 0 ? Optional.empty() : emulator.nextDataAt(now));
            });
            if (poll.count() > 0) {
                return poll.count();
            }
            Instant now = clock.instant();
            if (!now.isBefore(deadline)) {
                return 0;
            }
            Instant wakeUp = poll.next().filter(deadline::isAfter).filter(now::isBefore).orElse(deadline);
            // Wait outside the board lock: the lamp and the PIR must not queue behind a serial read.
            delay.pause(Duration.between(now, wakeUp));
        }
    }

    @Override
    public void write(byte[] data) throws PortException {
        board.withPort(lease, () -> {
            emulator.write(data.clone(), clock.instant());
            return null;
        });
    }

    @Override
    public void close() {
        lease.close();
    }
}
