package org.streetnode.agent.time;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

/**
 * Whether the wall clock can be trusted. A Raspberry Pi has no real-time clock: until NTP has
 * set it, the date may be 1970 or whenever the last fake-hwclock save was. The kernel knows:
 * {@code adjtimex(2)} returns TIME_ERROR while the clock is unsynchronised (STA_UNSYNC), whatever
 * NTP client (systemd-timesyncd, chrony, ntpd) runs.
 */
public interface ClockSync {
    boolean synchronised();

    /** A clock that is always trusted (the simulated board, tests). */
    static ClockSync trusted() {
        return () -> true;
    }

    /** The kernel's view, through adjtimex; when that cannot be asked, the clock is not trusted. */
    static ClockSync kernel() {
        return Kernel.INSTANCE;
    }

    /** adjtimex(2) with modes = 0 only reads. */
    final class Kernel implements ClockSync {
        static final Kernel INSTANCE = new Kernel();
        private static final int TIME_ERROR = 5;
        /** struct timex is 208 bytes on 64-bit Linux, 128 on 32-bit; leave room. */
        private static final int TIMEX_SIZE = 512;

        private interface LibC extends Library {
            int adjtimex(Pointer timex);
        }

        private final LibC libc;

        private Kernel() {
            LibC loaded;
            try {
                loaded = Native.load("c", LibC.class);
            } catch (UnsatisfiedLinkError e) {
                loaded = null;
            }
            this.libc = loaded;
        }

        @Override
        public boolean synchronised() {
            if (libc == null) {
                return false;
            }
            Memory timex = new Memory(TIMEX_SIZE);
            timex.clear();
            int state = libc.adjtimex(timex);
            return state >= 0 && state != TIME_ERROR;
        }
    }
}
