package org.streetnode.agent.update;

import java.util.regex.Pattern;

/**
 * A Debian package version, {@code [epoch:]upstream[-revision]}, ordered as dpkg orders them
 * (Debian Policy 5.6.12): the node and the install helper ({@code dpkg --compare-versions}) must
 * agree on what is older. Within upstream and revision, runs of non-digits compare by character
 * with letters before other characters and {@code ~} before everything, even the end; runs of
 * digits compare as numbers.
 *
 * @param epoch the epoch (0 when not written)
 * @param upstream the upstream version, starting with a digit
 * @param revision the Debian revision ({@code ""} when not written, which orders like {@code "0"})
 */
public record DebianVersion(long epoch, String upstream, String revision) implements Comparable<DebianVersion> {
    private static final Pattern UPSTREAM = Pattern.compile("[0-9][A-Za-z0-9.+~-]*");
    private static final Pattern REVISION = Pattern.compile("[A-Za-z0-9.+~]+");

    /** Parses a version as written in a package's control file; throws {@link IllegalArgumentException} saying why it is not one. */
    public static DebianVersion parse(String text) {
        String rest = text;
        long epoch = 0;
        int colon = rest.indexOf(':');
        if (colon >= 0) {
            String e = rest.substring(0, colon);
            if (!e.matches("[0-9]{1,9}")) {
                throw new IllegalArgumentException("\"" + text + "\" is not a Debian version: the epoch must be a number");
            }
            epoch = Long.parseLong(e);
            rest = rest.substring(colon + 1);
        }
        String revision = "";
        int dash = rest.lastIndexOf('-');
        if (dash >= 0) {
            revision = rest.substring(dash + 1);
            rest = rest.substring(0, dash);
            if (!REVISION.matcher(revision).matches()) {
                throw new IllegalArgumentException("\"" + text + "\" is not a Debian version: bad revision \"" + revision + "\"");
            }
        }
        if (!UPSTREAM.matcher(rest).matches()) {
            throw new IllegalArgumentException("\"" + text + "\" is not a Debian version: the upstream part must start "
                    + "with a digit and hold only letters, digits and . + ~ -");
        }
        return new DebianVersion(epoch, rest, revision);
    }

    @Override
    public int compareTo(DebianVersion o) {
        int c = Long.compare(epoch, o.epoch);
        if (c == 0) {
            c = compareParts(upstream, o.upstream);
        }
        return c != 0 ? c : compareParts(revision, o.revision);
    }

    public boolean isOlderThan(DebianVersion o) {
        return compareTo(o) < 0;
    }

    @Override
    public String toString() {
        return (epoch == 0 ? "" : epoch + ":") + upstream + (revision.isEmpty() ? "" : "-" + revision);
    }

    private static int compareParts(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() || j < b.length()) {
            while ((i < a.length() && !isDigit(a.charAt(i))) || (j < b.length() && !isDigit(b.charAt(j)))) {
                int ac = i < a.length() ? order(a.charAt(i)) : 0;
                int bc = j < b.length() ? order(b.charAt(j)) : 0;
                if (ac != bc) {
                    return ac - bc;
                }
                i++;
                j++;
            }
            while (i < a.length() && a.charAt(i) == '0') {
                i++;
            }
            while (j < b.length() && b.charAt(j) == '0') {
                j++;
            }
            int firstDifference = 0;
            while (i < a.length() && isDigit(a.charAt(i)) && j < b.length() && isDigit(b.charAt(j))) {
                if (firstDifference == 0) {
                    firstDifference = a.charAt(i) - b.charAt(j);
                }
                i++;
                j++;
            }
            if (i < a.length() && isDigit(a.charAt(i))) {
                return 1;
            }
            if (j < b.length() && isDigit(b.charAt(j))) {
                return -1;
            }
            if (firstDifference != 0) {
                return firstDifference;
            }
        }
        return 0;
    }

    /** The weight of a character in a non-digit run: digits (the run's end) 0, letters themselves, '~' lowest, others after letters. */
    private static int order(char c) {
        if (isDigit(c)) {
            return 0;
        }
        if (Character.isLetter(c) && c < 128) {
            return c;
        }
        if (c == '~') {
            return -1;
        }
        return c + 256;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
