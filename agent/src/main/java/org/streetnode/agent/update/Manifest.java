package org.streetnode.agent.update;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What an update package says about the {@code .deb} it carries: the member {@code manifest} of
 * the package ({@link PackageArchive}), and what the release key signs. It binds the
 * {@code .deb} by size and SHA-256, so a signature over these few hundred bytes covers the whole
 * package, and a verifier needs neither the package in memory nor a second pass.
 *
 * <p>Text, UTF-8, one {@code key=value} a line, each line ending in LF, exactly these keys in
 * this order:
 * <pre>
 * format=1
 * product=streetnode
 * version=0.2.0
 * upgrades_from=0.1.0
 * deb=streetnode_0.2.0_all.deb
 * size=3145728
 * sha256=9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
 * </pre>
 * {@code upgrades_from} is the oldest running version the package may replace; {@code deb} is the
 * package's original file name (for the logs and the install helper); {@code size} and
 * {@code sha256} (lowercase hex) are those of the {@code .deb}.
 */
public record Manifest(String product, DebianVersion version, DebianVersion upgradesFrom, String debName, long debSize,
        String debSha256) {
    /** The format this node reads and writes; a manifest of another format is refused. */
    public static final int FORMAT = 1;
    /** What streetnode packages name their product. */
    public static final String PRODUCT = "streetnode";
    private static final List<String> KEYS = List.of("format", "product", "version", "upgrades_from", "deb", "size", "sha256");
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9.+-]{0,63}");
    private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+~-]{0,127}\\.deb");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    public Manifest {
        if (!NAME.matcher(product).matches()) {
            throw new IllegalArgumentException("product \"" + product + "\" is not a package name");
        }
        if (!FILE_NAME.matcher(debName).matches()) {
            throw new IllegalArgumentException("deb \"" + debName + "\" is not a .deb file name");
        }
        if (debSize <= 0) {
            throw new IllegalArgumentException("size " + debSize + " is not a file size");
        }
        if (!SHA256.matcher(debSha256).matches()) {
            throw new IllegalArgumentException("sha256 \"" + debSha256 + "\" is not 64 lowercase hex digits");
        }
    }

    public static Manifest of(DebianVersion version, DebianVersion upgradesFrom, String debName, long debSize, byte[] sha256) {
        return new Manifest(PRODUCT, version, upgradesFrom, debName, debSize, HexFormat.of().formatHex(sha256));
    }

    /** The manifest as it is stored and signed. */
    public byte[] toBytes() {
        String text = "format=" + FORMAT + "\nproduct=" + product + "\nversion=" + version + "\nupgrades_from=" + upgradesFrom
                + "\ndeb=" + debName + "\nsize=" + debSize + "\nsha256=" + debSha256 + "\n";
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Reads a manifest; throws {@link IllegalArgumentException} saying what is wrong with it. */
    public static Manifest parse(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (!text.endsWith("\n")) {
            throw new IllegalArgumentException("the manifest does not end with a line break");
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : text.substring(0, text.length() - 1).split("\n", -1)) {
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("manifest line \"" + line + "\" is not key=value");
            }
            if (values.put(line.substring(0, eq), line.substring(eq + 1)) != null) {
                throw new IllegalArgumentException("the manifest names \"" + line.substring(0, eq) + "\" twice");
            }
        }
        if (!values.containsKey("format") || !values.get("format").equals(Integer.toString(FORMAT))) {
            throw new IllegalArgumentException("manifest format " + values.getOrDefault("format", "(none)")
                    + " is not the format " + FORMAT + " this node reads");
        }
        if (!List.copyOf(values.keySet()).equals(KEYS)) {
            throw new IllegalArgumentException("the manifest's keys are " + values.keySet() + "; format " + FORMAT
                    + " has exactly " + KEYS);
        }
        long size;
        try {
            size = Long.parseLong(values.get("size"));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("size \"" + values.get("size") + "\" is not a number");
        }
        return new Manifest(values.get("product"), DebianVersion.parse(values.get("version")),
                DebianVersion.parse(values.get("upgrades_from")), values.get("deb"), size, values.get("sha256"));
    }
}
