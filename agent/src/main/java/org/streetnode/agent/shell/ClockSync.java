package org.streetnode.agent.shell;

import com.sun.jna.Memory;
import java.util.Optional;

/**
 * Whether the kernel considers the wall clock synchronised (by NTP, through systemd-timesyncd or
 * chrony): {@code ntp_adjtime()} answers {@code TIME_ERROR} while it is not, the same source
 * {@code timedatectl} shows as "System clock synchronized". A Pi has no RTC, so until then the
 * clock may be far off.
 */
final class ClockSync {
    private static final int TIME_ERROR = 5;
    /** struct timex is about 200 bytes on 64-bit Linux; zeroed, so modes = 0 (read only). */
    private static final int TIMEX_SIZE = 512;

    private ClockSync() {
    }

    /** Empty when the kernel cannot be asked. */
    static Optional<Boolean> synchronised() {
        try {
            Memory timex = new Memory(TIMEX_SIZE);
            timex.clear();
            int state = LibC.INSTANCE.ntp_adjtime(timex);
            return state < 0 ? Optional.empty() : Optional.of(state != TIME_ERROR);
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            return Optional.empty();
        }
    }
}
