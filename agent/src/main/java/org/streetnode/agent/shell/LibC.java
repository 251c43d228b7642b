package org.streetnode.agent.shell;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;

/**
 * The few C library calls the shell needs, through JNA. Constants are Linux's "asm-generic"
 * values, which hold on ARM (every Raspberry Pi) and x86; {@link #checkArchitecture()} refuses
 * the architectures where they differ.
 */
interface LibC extends Library {
    int SOL_SOCKET = 1;
    int SO_PEERCRED = 17;
    int SO_PEERGROUPS = 59;
    int ERANGE = 34;
    int ENOPROTOOPT = 92;

    LibC INSTANCE = Native.load("c", LibC.class);

    int getsockopt(int fd, int level, int optname, Pointer optval, IntByReference optlen) throws LastErrorException;

    int getgrnam_r(String name, Pointer group, Pointer buffer, NativeLong bufferSize, PointerByReference result);

    int getpwuid_r(int uid, Pointer passwd, Pointer buffer, NativeLong bufferSize, PointerByReference result);

    /** Throws where SO_PEERCRED and friends have other numbers (MIPS, SPARC, PowerPC, Alpha, PA-RISC). */
    static void checkArchitecture() {
        String arch = System.getProperty("os.arch", "");
        if (!System.getProperty("os.name", "").equals("Linux")
                || !(arch.equals("aarch64") || arch.startsWith("arm") || arch.equals("amd64") || arch.equals("x86_64")
                        || arch.equals("riscv64"))) {
            throw new UnsupportedOperationException("peer credentials are implemented for Linux on ARM, x86-64 and "
                    + "RISC-V, not " + System.getProperty("os.name") + " on " + arch);
        }
    }
}
