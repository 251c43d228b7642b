package org.streetnode.agent.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;

/**
 * Reads secrets from their own files, which must be private to their owner (mode 0600 or
 * 0400): a secret readable by other users of the node is refused, not just warned about.
 * The agent writes its own with {@link org.streetnode.agent.files.AtomicFile#writePrivate}.
 */
public final class SecretFiles {
    private SecretFiles() {
    }

    /** Why the file cannot hold a secret, or empty when it is fine. */
    public static Optional<String> checkPrivate(Path file) {
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.of("secret file " + file + " does not exist");
        }
        if (!Files.isRegularFile(file)) {
            return Optional.of("secret file " + file + " is not a regular file");
        }
        if (!Files.isReadable(file)) {
            return Optional.of("secret file " + file + " is not readable by this user");
        }
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            perms.retainAll(Set.of(PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE,
                    PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
                    PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE));
            if (!perms.isEmpty()) {
                return Optional.of("secret file " + file + " has mode "
                        + PosixFilePermissions.toString(Files.getPosixFilePermissions(file))
                        + "; it must be private to its owner (chmod 600 " + file + ")");
            }
        } catch (UnsupportedOperationException | IOException e) {
            return Optional.of("cannot check the mode of secret file " + file + ": " + e.getMessage());
        }
        return Optional.empty();
    }

    /** Reads a private file whole; throws {@link IOException} with the reason when it is not private. */
    public static byte[] readPrivate(Path file) throws IOException {
        Optional<String> problem = checkPrivate(file);
        if (problem.isPresent()) {
            throw new IOException(problem.get());
        }
        return Files.readAllBytes(file);
    }

    /** A pre-shared key written as hex digits (whitespace ignored), as LwM2M servers show them. */
    public static Secret readHexKey(Path file) throws IOException {
        String text = new String(readPrivate(file), StandardCharsets.US_ASCII).replaceAll("\\s+", "");
        if (text.isEmpty()) {
            throw new IOException("secret file " + file + " is empty; expected a key in hex digits");
        }
        try {
            return new Secret(HexFormat.of().parseHex(text));
        } catch (IllegalArgumentException e) {
            throw new IOException("secret file " + file + " does not hold a key in hex digits (an even number of 0-9a-f)");
        }
    }
}
