package org.streetnode.agent.install;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the system tools the helper needs (dpkg, dpkg-deb, dpkg-query, systemctl, setpriv), with
 * a time limit. Output goes to a file, not a pipe: a tool that leaves a process behind (a
 * service manager starting the agent) does not hold the helper up.
 */
final class Processes {
    private Processes() {
    }

    /** What a tool printed (stdout and stderr together) and how it ended. */
    record Ran(int exitCode, String output) {
        /** The last lines, for a reason a person reads. */
        String tail() {
            List<String> lines = output.strip().lines().toList();
            return String.join(" / ", lines.subList(Math.max(0, lines.size() - 4), lines.size()));
        }
    }

    static Ran run(List<String> command, Map<String, String> env, byte[] stdin, Duration limit) throws IOException {
        Path out = Files.createTempFile("streetnode-install", ".out");
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile());
            pb.environment().putAll(env);
            pb.environment().merge("PATH", "/usr/sbin:/sbin", (a, b) -> a + ":" + b);
            Process p = pb.start();
            try (var in = p.getOutputStream()) {
                in.write(stdin);
            }
            if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not finish within " + limit.toSeconds() + " s");
            }
            return new Ran(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + String.join(" ", command), e);
        } finally {
            Files.deleteIfExists(out);
        }
    }

    static Ran run(List<String> command, Map<String, String> env, Duration limit) throws IOException {
        return run(command, env, new byte[0], limit);
    }

    /** Runs and fails with the tool's last lines unless it exits 0. */
    static String ok(List<String> command, Map<String, String> env, Duration limit) throws IOException {
        Ran r = run(command, env, limit);
        if (r.exitCode() != 0) {
            throw new IOException(command.get(0) + " failed (exit " + r.exitCode() + "): " + r.tail());
        }
        return r.output();
    }
}
