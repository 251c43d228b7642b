package org.streetnode.agent.install;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.streetnode.agent.update.Spool;

/**
 * The agent's update spool, as the helper touches it: it reads nothing there but copies the
 * package, and changes it only as the spool's owner (the agent's user, through setpriv), so that
 * a link the agent planted cannot turn root's write into a write elsewhere. The helper takes a
 * request by renaming it to {@code install-request.taken} and answers with
 * {@code install-result.json} (written to a temporary name, then renamed).
 */
final class SpoolAccess {
    private static final String REQUEST = Spool.REQUEST;
    private static final String TAKEN = Spool.TAKEN;
    private static final String RESULT = Spool.RESULT;
    private static final String PACKAGE = Spool.PACKAGE;
    private static final Duration LIMIT = Duration.ofSeconds(30);

    private final Path dir;

    SpoolAccess(Path dir) {
        this.dir = dir.toAbsolutePath();
    }

    Path packageFile() {
        return dir.resolve(PACKAGE);
    }

    /** Whether the agent asks for an install. */
    boolean requested() {
        return Files.exists(dir.resolve(REQUEST), LinkOption.NOFOLLOW_LINKS);
    }

    /** Takes the request: renamed to {@link #TAKEN}, so the path unit does not start the helper again for it. */
    void take() throws IOException {
        asOwner("mv -f -- \"$1\" \"$2\"", new byte[0], dir.resolve(REQUEST).toString(), dir.resolve(TAKEN).toString());
    }

    /** The helper's outcome, for the agent. */
    void writeResult(byte[] json) throws IOException {
        Path tmp = dir.resolve(RESULT + ".tmp");
        asOwner("umask 077 && rm -f -- \"$1\" && cat > \"$1\" && mv -f -- \"$1\" \"$2\"", json, tmp.toString(),
                dir.resolve(RESULT).toString());
    }

    /**
     * Runs a shell snippet as the spool directory's owner (the agent's user and group, no other
     * groups): the helper's root never writes in a directory the agent controls.
     */
    private void asOwner(String script, byte[] stdin, String... args) throws IOException {
        if (Files.isSymbolicLink(dir) || !Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException("the spool " + dir + " is not a directory");
        }
        int uid = TrustedFiles.uid(dir);
        int gid = TrustedFiles.gid(dir);
        List<String> c = new ArrayList<>();
        if (uid != TrustedFiles.selfUid()) {
            c.addAll(List.of("setpriv", "--reuid=" + uid, "--regid=" + gid, "--clear-groups", "--"));
        }
        c.addAll(List.of("/bin/sh", "-c", script, "sh"));
        c.addAll(List.of(args));
        Processes.Ran r = Processes.run(c, Map.of(), stdin, LIMIT);
        if (r.exitCode() != 0) {
            throw new IOException("cannot write in the spool " + dir + " as uid " + uid + ": " + r.tail());
        }
    }
}
