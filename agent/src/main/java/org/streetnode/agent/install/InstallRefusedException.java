package org.streetnode.agent.install;

/** The install helper will not install: a check failed before anything was changed. */
public final class InstallRefusedException extends Exception {
    public InstallRefusedException(String message) {
        super(message);
    }
}
