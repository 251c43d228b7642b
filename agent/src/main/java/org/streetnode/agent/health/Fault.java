package org.streetnode.agent.health;

import java.time.Instant;
import java.util.Locale;

/**
 * Something wrong right now, raised by one part of the agent and cleared by it when it is
 * right again.
 *
 * @param source who raised it: {@code "sensor:air"}, {@code "store"}, {@code "lamp"}
 * @param kind the class of fault, which decides the LwM2M Device error code
 * @param message what is wrong, for people (the shell, the log)
 * @param since when it was first raised (it stays the same while it persists)
 */
public record Fault(String source, Kind kind, String message, Instant since) {
    /** Classes of faults, each mapped to an LwM2M Device (/3/0/11) error code. */
    public enum Kind {
        /** A sensor misbehaves or its device is missing: error code 8, peripheral malfunction. */
        PERIPHERAL(8),
        /** No way to the platform: error code 7, IP connectivity failure. */
        CONNECTIVITY(7),
        /** Memory is short: error code 5. */
        OUT_OF_MEMORY(5),
        /** The local buffer was corrupt and replaced, or cannot be written (device-specific code 16). */
        STORE(16),
        /**
         * The lamp failed or misbehaves (failure, day burner, cycling, supply loss), or the agent
         * cannot drive it (its relay or dimmer output missing or failing, the lighting thread
         * dead): device-specific code 17.
         */
        LAMP(17),
        /**
         * One of the agent's own loops (lighting, sampling) stopped making progress: the watchdog
         * stops pinging systemd, which restarts the agent unless the loop moves again first
         * (device-specific code 18).
         */
        STALL(18);

        private final int errorCode;

        Kind(int errorCode) {
            this.errorCode = errorCode;
        }

        /** The LwM2M Device object error code (1-8 standard, 16-32 device-specific). */
        public int errorCode() {
            return errorCode;
        }

        /** Its name as the node shows it: {@code peripheral}, {@code out-of-memory}. */
        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }
}
