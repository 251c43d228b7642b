package org.streetnode.agent.shell;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The test process's own uid and gid, as the kernel reports them. */
final class ProcessOwner {
    private ProcessOwner() {
    }

    static int uid() throws IOException {
        return (int) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
    }

    static int gid() throws IOException {
        return (int) Files.getAttribute(Path.of("/proc/self"), "unix:gid");
    }
}
