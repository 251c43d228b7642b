package org.streetnode.agent.lwm2m;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code coap-client-openssl} from Debian's libcoap3-bin: the platform's third-party CoAP/DTLS
 * tool in the interop tests. It takes the PSK as text, so tests use printable keys.
 */
public final class CoapClientOpenssl {
    public static final String PROGRAM = "coap-client-openssl";

    private final String identity;
    private final String keyText;

    /** A client with the PSK identity and key the node's server knows it by. */
    public CoapClientOpenssl(String identity, String keyText) {
        this.identity = identity;
        this.keyText = keyText;
    }

    /** What one run printed (answer and diagnostics together) and its exit code. */
    public record Result(int exit, String out) {
    }

    /**
     * Skips the calling test when the tool is missing, saying why; under {@code CI=true}
     * ({@code .ci/run} installs it) a missing tool fails instead.
     */
    public static void require() {
        boolean there = onPath(PROGRAM);
        if (!there && "true".equals(System.getenv("CI"))) {
            throw new AssertionError(PROGRAM + " is not installed, but CI must run this test (.ci/run installs libcoap3-bin)");
        }
        assumeTrue(there, PROGRAM + " is not installed (Debian package libcoap3-bin; .ci/run installs it): skipped");
    }

    /** One run, one DTLS session: {@code -B 10} bounds it to 10 s. */
    public Result run(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(PROGRAM, "-B", "10", "-u", identity, "-k", keyText));
        cmd.addAll(List.of(args));
        return exec(cmd);
    }

    /** Runs any command line (for a client with other credentials). */
    public static Result exec(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", cmd) + " did not finish: " + out);
        }
        return new Result(p.exitValue(), out);
    }

    private static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}
