package org.streetnode.agent.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.tinylog.Logger;

/** {@link BootClock#system()}: see there. */
final class SystemBootClock implements BootClock {
    private static final Path BOOT_ID = Path.of("/proc/sys/kernel/random/boot_id");
    private static final Path UPTIME = Path.of("/proc/uptime");

    private final String bootId;
    private final long offsetNanos;

    private SystemBootClock(String bootId, long offsetNanos) {
        this.bootId = bootId;
        this.offsetNanos = offsetNanos;
    }

    static SystemBootClock create() {
        try {
            String id = Files.readString(BOOT_ID, StandardCharsets.US_ASCII).strip();
            long before = System.nanoTime();
            String uptime = Files.readString(UPTIME, StandardCharsets.US_ASCII);
            long after = System.nanoTime();
            long uptimeNanos = Math.round(Double.parseDouble(uptime.substring(0, uptime.indexOf(' '))) * 1e9);
            return new SystemBootClock(id, uptimeNanos - (before + (after - before) / 2));
        } catch (IOException | RuntimeException e) {
            Logger.warn("buffer: cannot read the boot id and uptime ({}): readings of earlier runs count as of"
                    + " another boot", e.toString());
            return new SystemBootClock("run-" + UUID.randomUUID(), 0);
        }
    }

    @Override
    public String bootId() {
        return bootId;
    }

    @Override
    public long nanos() {
        return System.nanoTime() + offsetNanos;
    }
}
