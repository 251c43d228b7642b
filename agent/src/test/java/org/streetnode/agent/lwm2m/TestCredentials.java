package org.streetnode.agent.lwm2m;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.streetnode.agent.config.Pem;

/**
 * Keys and certificates generated for a test run: EC key pairs for raw public keys, and a small
 * PKI (a CA, a server certificate for 127.0.0.1, a node certificate whose CN is the endpoint)
 * made with the JDK's own keytool.
 */
final class TestCredentials {
    private static final String PASS = "changeit";

    private TestCredentials() {
    }

    static KeyPair ecKeyPair() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    /** Writes a private key as PKCS#8 PEM, mode 0600. */
    static Path writePrivateKey(Path file, PrivateKey key) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, Pem.encode("PRIVATE KEY", key.getEncoded()), StandardCharsets.US_ASCII);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    static Path writePem(Path file, String type, byte[]... ders) throws IOException {
        Files.createDirectories(file.getParent());
        StringBuilder sb = new StringBuilder();
        for (byte[] der : ders) {
            sb.append(Pem.encode(type, der));
        }
        Files.writeString(file, sb, StandardCharsets.US_ASCII);
        return file;
    }

    /** A certificate and its key, signed by the test CA. */
    record Issued(X509Certificate certificate, PrivateKey privateKey) {
    }

    /** A CA that issues certificates in {@code dir}. */
    record Pki(Path dir, X509Certificate ca) {
        static Pki create(Path dir) throws Exception {
            Files.createDirectories(dir);
            keytool(dir, "-genkeypair", "-keystore", "ca.p12", "-storetype", "PKCS12", "-storepass", PASS, "-alias", "ca",
                    "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=streetnode test CA", "-ext", "bc:c",
                    "-validity", "2");
            keytool(dir, "-exportcert", "-keystore", "ca.p12", "-storepass", PASS, "-alias", "ca", "-rfc", "-file", "ca.pem");
            return new Pki(dir, Pem.readCertificates(dir.resolve("ca.pem")).get(0));
        }

        /** A certificate for {@code cn}, valid for 127.0.0.1 and localhost. */
        Issued issue(String name, String cn) throws Exception {
            String ks = name + ".p12";
            keytool(dir, "-genkeypair", "-keystore", ks, "-storetype", "PKCS12", "-storepass", PASS, "-alias", name,
                    "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + cn, "-validity", "2");
            keytool(dir, "-certreq", "-keystore", ks, "-storepass", PASS, "-alias", name, "-file", name + ".csr");
            keytool(dir, "-gencert", "-keystore", "ca.p12", "-storepass", PASS, "-alias", "ca", "-infile", name + ".csr",
                    "-outfile", name + ".pem", "-rfc", "-ext", "san=ip:127.0.0.1,dns:localhost", "-validity", "2");
            KeyStore store = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(dir.resolve(ks))) {
                store.load(in, PASS.toCharArray());
            }
            PrivateKey key = (PrivateKey) store.getKey(name, PASS.toCharArray());
            return new Issued(Pem.readCertificates(dir.resolve(name + ".pem")).get(0), key);
        }
    }

    private static void keytool(Path dir, String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        // a short-lived JVM starts three times faster without C2 and with a single GC thread
        cmd.addAll(List.of("-J-XX:TieredStopAtLevel=1", "-J-XX:+UseSerialGC"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("keytool " + String.join(" ", args) + " failed: " + out);
        }
    }
}
