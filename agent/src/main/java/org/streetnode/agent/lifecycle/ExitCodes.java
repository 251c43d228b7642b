package org.streetnode.agent.lifecycle;

/** The process exit codes of every {@code streetnode} command; the README lists them. */
public final class ExitCodes {
    /** Done, or stopped cleanly by SIGTERM/SIGINT. */
    public static final int OK = 0;
    /** Failed at run time: a part could not start, or a check failed. */
    public static final int FAILURE = 1;
    /** The command line is wrong (unknown option, missing argument). */
    public static final int USAGE = 2;
    /** The configuration (or board profile, or a secret file) is invalid; every problem is printed. */
    public static final int CONFIG = 3;
    /** Another agent is already running on the same data directory. */
    public static final int ALREADY_RUNNING = 4;
    /** {@code streetnode shell}: the agent is not running, or does not answer within the client's timeout. */
    public static final int NOT_RUNNING = 5;
    /** {@code streetnode shell}: the caller may not do this (their role, or the socket's permissions). */
    public static final int REFUSED = 6;
    /** {@code streetnode shell}: the part the command shows or drives is not in this build. */
    public static final int UNAVAILABLE = 7;
    /** {@code streetnode provision}: cancelled by the technician before anything was written. */
    public static final int CANCELLED = 8;
    /** The platform asked for a reboot (LwM2M /3/0/4): the agent stopped so its supervisor restarts it. */
    public static final int RESTART = 10;

    private ExitCodes() {
    }

    /** The table for {@code --help}. */
    public static final String HELP = """
            Exit codes:
              0  done, or stopped cleanly by SIGTERM/SIGINT
              1  failed at run time (a part could not start, a check failed)
              2  wrong command line
              3  invalid configuration (every problem is printed with file, line and key)
              4  another agent is running on the same data directory
              5  shell: the agent is not running, or did not answer in time
              6  shell: refused (the caller's role, or no access to the socket)
              7  shell: that part is not available in this build
              8  provision: cancelled before anything was written
             10  the platform asked for a reboot (LwM2M /3/0/4); systemd restarts the agent""";
}
