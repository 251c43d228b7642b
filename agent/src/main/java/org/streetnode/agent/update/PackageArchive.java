package org.streetnode.agent.update;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Optional;

/**
 * The update package file ({@code .snpkg}, format 1): a POSIX ustar archive of exactly these
 * regular files, in this order, and nothing else:
 * <ol>
 * <li>{@code manifest}: the {@link Manifest}, at most 4 KiB;</li>
 * <li>{@code manifest.sig}: the release key's signature over the manifest's bytes as stored
 * ({@link SignatureScheme}: Ed25519, 64 bytes, or ECDSA P-256 with SHA-256 in DER, as
 * {@code openssl} writes it); an unsigned package, as {@code ./mvnw package} builds it, has no
 * such member;</li>
 * <li>{@code streetnode.deb}: the Debian package, of the size and SHA-256 the manifest gives;</li>
 * </ol>
 * then the archive's end (two zero blocks, and any zero padding tar adds to its records).
 *
 * <p>Why tar, and in this order: it is read front to back in one pass with a 512-byte buffer, so
 * a 128 MB agent verifies a package of any size as it arrives, and refuses a package for the
 * wrong product or key from its first few kilobytes; and a shell script can check it again with
 * standard tools alone ({@code tar -xOf PKG manifest}, {@code openssl}, {@code sha256sum}), as
 * the privileged install helper does. {@code tar --format=ustar -cf PKG manifest manifest.sig
 * streetnode.deb} makes a valid package by hand.
 */
public final class PackageArchive {
    public static final String MANIFEST = "manifest";
    public static final String SIGNATURE = "manifest.sig";
    public static final String DEB = "streetnode.deb";
    static final int MAX_MANIFEST_BYTES = 4096;
    static final int MAX_SIGNATURE_BYTES = 512;
    private static final int BLOCK = 512;
    private static final int NAME_LENGTH = 100;
    private static final int SIZE_AT = 124;
    private static final int CHECKSUM_AT = 148;
    private static final int TYPE_AT = 156;
    private static final int MAGIC_AT = 257;
    private static final int PREFIX_AT = 345;
    private static final byte[] POSIX_MAGIC = "ustar\u000000".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] GNU_MAGIC = "ustar  \u0000".getBytes(StandardCharsets.US_ASCII);

    private PackageArchive() {
    }

    /**
     * The members before the {@code .deb}.
     *
     * @param manifest the manifest's bytes as stored (what the signature covers)
     * @param signature the signature, when the package is signed
     * @param debSize the size of the {@code streetnode.deb} member, as its header gives it
     */
    public record Head(byte[] manifest, Optional<byte[]> signature, long debSize) {
    }

    /**
     * Reads the members up to the {@code .deb}'s header and leaves {@code in} at the
     * {@code .deb}'s first byte.
     *
     * @throws EOFException when the stream ends first (a download not far enough yet, or a truncated package)
     * @throws PackageRefusedException when it is not a streetnode package (6)
     */
    public static Head readHead(InputStream in) throws IOException, PackageRefusedException {
        Entry first = entry(in);
        if (!first.name().equals(MANIFEST)) {
            throw notAPackage("its first member is \"" + first.name() + "\", not \"" + MANIFEST + "\"");
        }
        byte[] manifest = data(in, first, MAX_MANIFEST_BYTES);
        Entry next = entry(in);
        Optional<byte[]> signature = Optional.empty();
        if (next.name().equals(SIGNATURE)) {
            signature = Optional.of(data(in, next, MAX_SIGNATURE_BYTES));
            next = entry(in);
        }
        if (!next.name().equals(DEB)) {
            throw notAPackage("member \"" + next.name() + "\" where \"" + DEB + "\" belongs");
        }
        return new Head(manifest, signature, next.size());
    }

    /**
     * Reads the {@code .deb} member of {@code size} bytes into {@code digest} (and {@code copy},
     * when given), then the archive's end.
     *
     * @throws EOFException when the package is truncated
     * @throws PackageRefusedException when something follows the {@code .deb} (5)
     */
    public static void readDeb(InputStream in, long size, MessageDigest digest, Optional<OutputStream> copy)
            throws IOException, PackageRefusedException {
        byte[] buffer = new byte[64 * 1024];
        long left = size;
        while (left > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                throw new EOFException("the package ends " + left + " bytes before the end of " + DEB);
            }
            digest.update(buffer, 0, n);
            if (copy.isPresent()) {
                copy.get().write(buffer, 0, n);
            }
            left -= n;
        }
        skipFully(in, padding(size));
        byte[] block = new byte[BLOCK];
        for (int i = 0; i < 2; i++) {
            readFully(in, block);
            if (!isZero(block, block.length)) {
                throw new PackageRefusedException(UpdateResult.INTEGRITY_FAILURE, "the package has more than "
                        + MANIFEST + ", " + SIGNATURE + " and " + DEB);
            }
        }
        int n;
        while ((n = in.read(buffer)) > 0) {
            if (!isZero(buffer, n)) {
                throw new PackageRefusedException(UpdateResult.INTEGRITY_FAILURE, "data follows the end of the package");
            }
        }
    }

    /** Writes a package: the manifest, the signature when given, and the next {@code debSize} bytes of {@code deb}. */
    public static void write(OutputStream out, byte[] manifest, Optional<byte[]> signature, InputStream deb, long debSize)
            throws IOException {
        member(out, MANIFEST, manifest);
        if (signature.isPresent()) {
            member(out, SIGNATURE, signature.get());
        }
        out.write(header(DEB, debSize));
        byte[] buffer = new byte[64 * 1024];
        for (long left = debSize; left > 0; ) {
            int n = deb.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                throw new EOFException(DEB + " ends " + left + " bytes before the " + debSize + " announced");
            }
            out.write(buffer, 0, n);
            left -= n;
        }
        out.write(new byte[(int) padding(debSize) + 2 * BLOCK]);
    }

    private static void member(OutputStream out, String name, byte[] content) throws IOException {
        out.write(header(name, content.length));
        out.write(content);
        out.write(new byte[(int) padding(content.length)]);
    }

    /** A ustar header of a regular file owned by root, mode 0644, dated the epoch (builds are reproducible). */
    private static byte[] header(String name, long size) {
        byte[] h = new byte[BLOCK];
        put(h, 0, name);
        put(h, 100, "0000644");
        put(h, 108, "0000000");
        put(h, 116, "0000000");
        put(h, SIZE_AT, String.format("%011o", size));
        put(h, 136, "00000000000");
        h[TYPE_AT] = '0';
        System.arraycopy(POSIX_MAGIC, 0, h, MAGIC_AT, POSIX_MAGIC.length);
        put(h, 265, "root");
        put(h, 297, "root");
        Arrays.fill(h, CHECKSUM_AT, CHECKSUM_AT + 8, (byte) ' ');
        put(h, CHECKSUM_AT, String.format("%06o", checksum(h)));
        h[CHECKSUM_AT + 7] = ' ';
        return h;
    }

    private record Entry(String name, long size) {
    }

    private static Entry entry(InputStream in) throws IOException, PackageRefusedException {
        byte[] h = new byte[BLOCK];
        readFully(in, h);
        if (isZero(h, h.length)) {
            throw notAPackage("the archive ends before " + DEB);
        }
        boolean ustar = Arrays.equals(h, MAGIC_AT, MAGIC_AT + 8, POSIX_MAGIC, 0, 8)
                || Arrays.equals(h, MAGIC_AT, MAGIC_AT + 8, GNU_MAGIC, 0, 8);
        if (!ustar) {
            throw notAPackage("it is not a ustar archive");
        }
        long recorded = octal(h, CHECKSUM_AT, 8);
        byte[] blank = h.clone();
        Arrays.fill(blank, CHECKSUM_AT, CHECKSUM_AT + 8, (byte) ' ');
        if (recorded != checksum(blank)) {
            throw notAPackage("a tar header's checksum does not match");
        }
        String name = text(h, 0, NAME_LENGTH);
        if (h[TYPE_AT] != '0' && h[TYPE_AT] != 0) {
            throw notAPackage("member \"" + name + "\" is not a regular file");
        }
        if (h[PREFIX_AT] != 0) {
            throw notAPackage("member \"" + text(h, PREFIX_AT, 155) + "/" + name + "\" is in a directory");
        }
        long size = octal(h, SIZE_AT, 12);
        if (size < 0) {
            throw notAPackage("member \"" + name + "\" has no readable size");
        }
        return new Entry(name, size);
    }

    private static byte[] data(InputStream in, Entry e, int max) throws IOException, PackageRefusedException {
        if (e.size() > max) {
            throw notAPackage("member \"" + e.name() + "\" has " + e.size() + " bytes, more than the " + max + " allowed");
        }
        byte[] content = new byte[(int) e.size()];
        readFully(in, content);
        skipFully(in, padding(e.size()));
        return content;
    }

    private static PackageRefusedException notAPackage(String why) {
        return new PackageRefusedException(UpdateResult.UNSUPPORTED_PACKAGE, "not a streetnode package: " + why);
    }

    private static long padding(long size) {
        return (BLOCK - size % BLOCK) % BLOCK;
    }

    private static long checksum(byte[] header) {
        long sum = 0;
        for (byte b : header) {
            sum += b & 0xff;
        }
        return sum;
    }

    /** An octal number field, NUL- or space-terminated; -1 when it is not one. */
    private static long octal(byte[] h, int at, int length) {
        long n = 0;
        int i = at;
        while (i < at + length && h[i] == ' ') {
            i++;
        }
        int digits = 0;
        for (; i < at + length && h[i] >= '0' && h[i] <= '7'; i++, digits++) {
            n = n * 8 + (h[i] - '0');
        }
        if (digits == 0 || (i < at + length && h[i] != 0 && h[i] != ' ')) {
            return -1;
        }
        return n;
    }

    private static String text(byte[] h, int at, int length) {
        int end = at;
        while (end < at + length && h[end] != 0) {
            end++;
        }
        return new String(h, at, end - at, StandardCharsets.UTF_8);
    }

    private static void put(byte[] h, int at, String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, h, at, b.length);
    }

    private static boolean isZero(byte[] b, int length) {
        for (int i = 0; i < length; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static void readFully(InputStream in, byte[] b) throws IOException {
        int off = 0;
        while (off < b.length) {
            int n = in.read(b, off, b.length - off);
            if (n < 0) {
                throw new EOFException("the package ends in the middle of a member");
            }
            off += n;
        }
    }

    private static void skipFully(InputStream in, long n) throws IOException {
        readFully(in, new byte[(int) n]);
    }
}
