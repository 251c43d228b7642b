package org.streetnode.agent.config;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** PEM files (RFC 7468) for keys and certificates: PKCS#8 private keys, SubjectPublicKeyInfo public keys, X.509 certificates. */
public final class Pem {
    private static final Pattern BLOCK = Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([^-]*)-----END \\1-----");

    private Pem() {
    }

    /** A PKCS#8 private key ({@code BEGIN PRIVATE KEY}) from a private (0600) file. */
    public static PrivateKey readPrivateKey(Path file) throws IOException {
        byte[] der = onlyBlock(file, new String(SecretFiles.readPrivate(file), StandardCharsets.US_ASCII), "PRIVATE KEY",
                "convert it with: openssl pkcs8 -topk8 -nocrypt -in KEY -out " + file);
        return withEachAlgorithm(file, "private key", alg -> KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(der)));
    }

    /** A public key ({@code BEGIN PUBLIC KEY}, SubjectPublicKeyInfo). */
    public static PublicKey readPublicKey(Path file) throws IOException {
        byte[] der = onlyBlock(file, readText(file), "PUBLIC KEY",
                "export it with: openssl pkey -pubout -in KEY -out " + file);
        return withEachAlgorithm(file, "public key", alg -> KeyFactory.getInstance(alg).generatePublic(new X509EncodedKeySpec(der)));
    }

    /** All certificates in the file, in order (a chain: the node's own first). */
    public static List<X509Certificate> readCertificates(Path file) throws IOException {
        String text = readText(file);
        List<X509Certificate> certs = new ArrayList<>();
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            for (byte[] der : blocks(file, text, "CERTIFICATE")) {
                certs.add((X509Certificate) cf.generateCertificate(new ByteArrayInputStream(der)));
            }
        } catch (CertificateException e) {
            throw new IOException(file + ": not a valid X.509 certificate: " + e.getMessage());
        }
        if (certs.isEmpty()) {
            throw new IOException(file + ": no \"BEGIN CERTIFICATE\" block found");
        }
        return certs;
    }

    /** Encodes a key or certificate as PEM text. */
    public static String encode(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static String readText(Path file) throws IOException {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IOException("cannot read " + file + ": " + TomlSource.describe(e));
        }
    }

    private static byte[] onlyBlock(Path file, String text, String type, String hint) throws IOException {
        List<byte[]> found = blocks(file, text, type);
        if (found.size() != 1) {
            throw new IOException(file + ": expected one \"BEGIN " + type + "\" block, found " + found.size() + "; " + hint);
        }
        return found.get(0);
    }

    private static List<byte[]> blocks(Path file, String text, String type) throws IOException {
        List<byte[]> out = new ArrayList<>();
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            if (m.group(1).equals(type)) {
                try {
                    out.add(Base64.getMimeDecoder().decode(m.group(2)));
                } catch (IllegalArgumentException e) {
                    throw new IOException(file + ": the " + type + " block is not valid base64");
                }
            }
        }
        return out;
    }

    private interface KeyParser<T> {
        T parse(String algorithm) throws GeneralSecurityException;
    }

    private static <T> T withEachAlgorithm(Path file, String what, KeyParser<T> parser) throws IOException {
        for (String alg : List.of("EC", "RSA", "Ed25519")) {
            try {
                return parser.parse(alg);
            } catch (GeneralSecurityException ignored) {
                // try the next algorithm: PKCS#8 and SPKI do not say which factory to use
            }
        }
        throw new IOException(file + ": not a valid EC, RSA or Ed25519 " + what);
    }
}
