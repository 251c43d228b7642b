package org.streetnode.agent.provision;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.streetnode.agent.config.ConfigException;
import org.streetnode.agent.config.ConfigLoader;
import org.streetnode.agent.config.ConfigProblem;
import org.streetnode.agent.config.Pem;

/**
 * Every answer checked the moment it is given, with a message that says what is wrong and what
 * would be right: the dialogue asks again, the flags stop with it.
 */
public final class Validation {
    private static final Pattern ENDPOINT = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private Validation() {
    }

    /** A value, or why the answer is not one. */
    public sealed interface Checked<T> {
        record Ok<T>(T value) implements Checked<T> {
        }

        record Bad<T>(String message) implements Checked<T> {
        }
    }

    static <T> Checked<T> ok(T value) {
        return new Checked.Ok<>(value);
    }

    static <T> Checked<T> bad(String message) {
        return new Checked.Bad<>(message);
    }

    public static Checked<String> endpoint(String text) {
        String e = text.strip();
        return ENDPOINT.matcher(e).matches() ? ok(e)
                : bad("\"" + e + "\" is not a usable endpoint name: use 1-128 letters, digits, '.', '_', ':' or '-'");
    }

    /** A coaps:// URI with a host; the port defaults to 5684. */
    public static Checked<URI> serverUri(String text) {
        String t = text.strip();
        URI uri;
        try {
            uri = new URI(t);
        } catch (URISyntaxException e) {
            return bad("\"" + t + "\" is not a URI (" + e.getReason() + "); write it as coaps://host:5684");
        }
        if (!"coaps".equals(uri.getScheme())) {
            return bad("\"" + t + "\" must start with coaps:// (DTLS); write it as coaps://host:5684");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            return bad("\"" + t + "\" has no host; write it as coaps://host:5684");
        }
        if ((uri.getPath() != null && !uri.getPath().isEmpty() && !uri.getPath().equals("/")) || uri.getQuery() != null) {
            return bad("\"" + t + "\": an LwM2M server URI has no path or query; write it as coaps://host:5684");
        }
        try {
            return ok(new URI("coaps", null, uri.getHost(), uri.getPort() == -1 ? 5684 : uri.getPort(), null, null, null));
        } catch (URISyntaxException e) {
            return bad("\"" + t + "\" is not a URI: " + e.getReason());
        }
    }

    public static Checked<Double> latitude(String text) {
        return degrees(text, "latitude", 90, "north positive, e.g. 50.927");
    }

    public static Checked<Double> longitude(String text) {
        return degrees(text, "longitude", 180, "east positive, e.g. 11.586");
    }

    private static Checked<Double> degrees(String text, String what, double limit, String hint) {
        double v;
        try {
            v = Double.parseDouble(text.strip().replace(',', '.'));
        } catch (NumberFormatException e) {
            return bad("\"" + text.strip() + "\" is not a number; the " + what + " in decimal degrees, " + hint);
        }
        if (!Double.isFinite(v) || v < -limit || v > limit) {
            return bad(what + " " + text.strip() + " is out of range: it lies between -" + (int) limit + " and " + (int) limit);
        }
        return ok(v);
    }

    /** A board profile that exists and is valid (in {@code boards/} next to the config, built in, or a path). */
    public static Checked<String> board(String text, Path configDir) {
        String b = text.strip();
        if (b.isEmpty()) {
            return bad("a board profile is needed: " + String.join(", ", ConfigLoader.builtinBoards()) + ", or a path");
        }
        try {
            ConfigLoader.loadBoardProfile(b, configDir);
            return ok(b);
        } catch (ConfigException e) {
            return bad(e.problems().stream().map(ConfigProblem::message).findFirst().orElse("unknown board \"" + b + "\""));
        }
    }

    public static Checked<NodeAnswers.Security> security(String text) {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "psk" -> ok(NodeAnswers.Security.PSK);
            case "rpk" -> ok(NodeAnswers.Security.RPK);
            default -> bad("\"" + text.strip() + "\": choose psk (a pre-shared key) or rpk (raw public keys)");
        };
    }

    public static Checked<NodeAnswers.Server.Kind> serverKind(String text) {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "server", "lwm2m" -> ok(NodeAnswers.Server.Kind.SERVER);
            case "bootstrap" -> ok(NodeAnswers.Server.Kind.BOOTSTRAP);
            default -> bad("\"" + text.strip() + "\": choose server (the platform's LwM2M server) or bootstrap "
                    + "(a bootstrap server that gives the node its server)");
        };
    }

    /** A readable PEM public key file (the platform's, for RPK). */
    public static Checked<Path> publicKeyFile(String text) {
        Path file = Path.of(text.strip());
        try {
            Pem.readPublicKey(file);
            return ok(file.toAbsolutePath());
        } catch (java.io.IOException e) {
            return bad(e.getMessage());
        }
    }

    /** A release key: a PEM public key, Ed25519 or ECDSA P-256 (what {@code streetnode update keygen} makes). */
    public static Checked<Path> releaseKeyFile(String text) {
        Path file = Path.of(text.strip());
        try {
            java.security.PublicKey key = Pem.readPublicKey(file);
            org.streetnode.agent.update.SignatureScheme.of(key);
            return ok(file.toAbsolutePath());
        } catch (java.io.IOException | IllegalArgumentException e) {
            return bad(file + ": " + e.getMessage());
        }
    }

    public static Checked<Boolean> yesNo(String text) {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "y", "yes" -> ok(true);
            case "n", "no" -> ok(false);
            default -> bad("answer yes or no");
        };
    }

    static Optional<String> problem(Checked<?> c) {
        return c instanceof Checked.Bad<?> b ? Optional.of(b.message()) : Optional.empty();
    }
}
