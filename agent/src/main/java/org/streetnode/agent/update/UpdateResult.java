package org.streetnode.agent.update;

/**
 * What the last download or update came to: the meanings of LwM2M Firmware Update's Update Result
 * (/5/0/5), which numbered 0 to 9 in this order ({@link #code()}).
 */
public enum UpdateResult {
    /** Nothing to report: no update yet, or one is under way (0). */
    INITIAL,
    /** The new version was installed and proved itself healthy (1). */
    UPDATED,
    /** The spool's file system has no room for the package (2). */
    NOT_ENOUGH_STORAGE,
    /** Out of memory while downloading (3). */
    OUT_OF_MEMORY,
    /** The download lost its connection and gave up after its retries, or a push stopped arriving (4). */
    CONNECTION_LOST,
    /** The package is damaged, truncated, unsigned, or not signed by the pinned release key (5). */
    INTEGRITY_FAILURE,
    /** Not a streetnode package, or one this node must not install: another product, older than the running version, or for a newer one (6). */
    UNSUPPORTED_PACKAGE,
    /** The package URI is malformed or names nothing there (7). */
    INVALID_URI,
    /** Installing failed or the new version did not prove itself; the previous version runs again (8). */
    UPDATE_FAILED,
    /** The package URI's scheme is one this node does not fetch from (9). */
    UNSUPPORTED_PROTOCOL;

    /** LwM2M's number for it (the enum's order). */
    public int code() {
        return ordinal();
    }

    /** For the logs: "5 integrity failure". */
    public String describe() {
        return code() + " " + name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
    }
}
