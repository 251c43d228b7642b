package org.streetnode.agent.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The packaged agent run through its launcher script as a separate process, as an operator
 * would: {@code deploy-scripts/streetnode ARGS}. Collects stdout and stderr line by line.
 */
final class AgentProcess implements AutoCloseable {
    private final Process process;
    private final List<String> out = new CopyOnWriteArrayList<>();
    private final List<String> err = new CopyOnWriteArrayList<>();
    private final List<Thread> pumps;

    private AgentProcess(Process process) {
        this.process = process;
        this.pumps = List.of(pump(process.getInputStream(), out), pump(process.getErrorStream(), err));
    }

    static AgentProcess start(Path workDir, String... args) throws IOException {
        return start(workDir, List.of(), args);
    }

    /** Runs the launcher behind {@code prefix}, e.g. {@code setpriv --reuid=...} to run it as another user. */
    static AgentProcess start(Path workDir, List<String> prefix, String... args) throws IOException {
        return start(workDir, java.util.Map.of(), prefix, args);
    }

    /** Runs the launcher with more environment variables (as systemd sets NOTIFY_SOCKET). */
    static AgentProcess start(Path workDir, java.util.Map<String, String> env, List<String> prefix, String... args)
            throws IOException {
        List<String> command = new ArrayList<>(prefix);
        command.add(System.getProperty("streetnode.launcher"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile());
        pb.environment().put("STREETNODE_JAR", System.getProperty("streetnode.jar"));
        pb.environment().put("STREETNODE_CDS_DIR", workDir.resolve("cds").toString());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().putAll(env);
        return new AgentProcess(pb.start());
    }

    /** Runs to completion (at most {@code limit}) and returns the exit code. */
    static AgentProcess run(Path workDir, Duration limit, String... args) throws Exception {
        return run(workDir, limit, List.of(), args);
    }

    static AgentProcess run(Path workDir, Duration limit, List<String> prefix, String... args) throws Exception {
        AgentProcess p = start(workDir, prefix, args);
        if (!p.process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            p.close();
            throw new AssertionError("streetnode " + String.join(" ", args) + " did not finish within " + limit
                    + "\nstdout: " + p.out + "\nstderr: " + p.err);
        }
        p.drained();
        return p;
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    void signal(String name) throws Exception {
        new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).start().waitFor();
    }

    /** Waits for the process to end; returns its exit code, or throws if it is still running after {@code limit}. */
    int waitForExit(Duration limit) throws Exception {
        if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("still running after " + limit + "\nstdout: " + out + "\nstderr: " + err);
        }
        drained();
        return process.exitValue();
    }

    int exitCode() {
        return process.exitValue();
    }

    /** Waits until a stdout line matches, or fails after {@code limit}. */
    String awaitLine(Predicate<String> match, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            for (String line : out) {
                if (match.test(line)) {
                    return line;
                }
            }
            if (!process.isAlive()) {
                break;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no such line within " + limit + "\nstdout: " + out + "\nstderr: " + err);
    }

    String stdout() {
        return String.join("\n", out);
    }

    String stderr() {
        return String.join("\n", err);
    }

    /** Waits for the pump threads, which end when the process's pipes close. */
    private void drained() throws InterruptedException {
        for (Thread t : pumps) {
            t.join(5000);
        }
    }

    private static Thread pump(java.io.InputStream in, List<String> into) {
        return Thread.ofVirtual().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    into.add(line);
                }
            } catch (IOException e) {
                // process gone
            }
        });
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
