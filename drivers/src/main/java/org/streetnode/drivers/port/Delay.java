package org.streetnode.drivers.port;

import java.time.Duration;

/**
 * Waits for a chip's conversion time. Injected so tests and the simulated board advance a
 * manual clock instead of sleeping. An interrupted wait returns early with the interrupt flag
 * set; the driver then finds the conversion not ready and reports it.
 */
@FunctionalInterface
public interface Delay {

    void pause(Duration duration);

    /** Sleeps the calling thread. */
    static Delay sleeping() {
        return duration -> {
            try {
                Thread.sleep(duration);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
    }
}
