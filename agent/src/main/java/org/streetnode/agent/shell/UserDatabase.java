package org.streetnode.agent.shell;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Group and user names through the C library ({@code getgrnam_r}, {@code getpwuid_r}), so that
 * whatever the system's NSS setup says (files, LDAP, systemd-userdb) is what counts.
 */
final class UserDatabase {
    private static final int BUFFER = 16 * 1024;

    private UserDatabase() {
    }

    /** A group written as a number is that gid; a name is looked up. */
    static OptionalInt groupId(String group) {
        if (group.chars().allMatch(Character::isDigit)) {
            return OptionalInt.of(Integer.parseUnsignedInt(group));
        }
        Memory grp = new Memory(4L * Native.POINTER_SIZE + 8); // struct group: name, passwd, gid, members
        Memory buffer = new Memory(BUFFER);
        PointerByReference result = new PointerByReference();
        int rc = LibC.INSTANCE.getgrnam_r(group, grp, buffer, new NativeLong(BUFFER), result);
        if (rc != 0 || result.getValue() == null) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(grp.getInt(2L * Native.POINTER_SIZE));
    }

    /** The user's login name, for log lines; empty for a uid without a passwd entry. */
    static Optional<String> userName(int uid) {
        Memory pwd = new Memory(8L * Native.POINTER_SIZE + 16); // struct passwd: pw_name comes first
        Memory buffer = new Memory(BUFFER);
        PointerByReference result = new PointerByReference();
        int rc = LibC.INSTANCE.getpwuid_r(uid, pwd, buffer, new NativeLong(BUFFER), result);
        if (rc != 0 || result.getValue() == null) {
            return Optional.empty();
        }
        Pointer name = pwd.getPointer(0);
        return name == null ? Optional.empty() : Optional.of(name.getString(0));
    }
}
