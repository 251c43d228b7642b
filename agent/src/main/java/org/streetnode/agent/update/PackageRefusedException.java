package org.streetnode.agent.update;

/** A package this node will not install, with the result to report and the reason to log. */
public final class PackageRefusedException extends Exception {
    private final UpdateResult result;

    public PackageRefusedException(UpdateResult result, String reason) {
        super(reason);
        this.result = result;
    }

    public UpdateResult result() {
        return result;
    }
}
