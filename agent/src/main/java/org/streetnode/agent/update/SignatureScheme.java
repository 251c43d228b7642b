package org.streetnode.agent.update;

import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECKey;
import java.security.interfaces.EdECKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Locale;

/**
 * The signatures a release key makes, both from the JDK's own providers. Ed25519 (RFC 8032) is
 * the default: small keys, deterministic signatures, no curve parameters to get wrong. ECDSA over
 * P-256 with SHA-256 is there for cities whose key ceremony (an HSM, a PKI) only offers NIST
 * curves. What a package's signature is follows from the pinned key, so the package does not say.
 */
public enum SignatureScheme {
    ED25519("Ed25519", "Ed25519"),
    ECDSA_P256("EC", "SHA256withECDSA");

    private final String keyAlgorithm;
    private final String signatureAlgorithm;

    SignatureScheme(String keyAlgorithm, String signatureAlgorithm) {
        this.keyAlgorithm = keyAlgorithm;
        this.signatureAlgorithm = signatureAlgorithm;
    }

    /** The scheme of a release key; {@link IllegalArgumentException} for any other key. */
    public static SignatureScheme of(Key key) {
        if (key instanceof EdECKey ed && ed.getParams().getName().equalsIgnoreCase("Ed25519")) {
            return ED25519;
        }
        if (key instanceof ECKey ec && ec.getParams().getCurve().getField().getFieldSize() == 256) {
            return ECDSA_P256;
        }
        throw new IllegalArgumentException("a " + key.getAlgorithm() + " key is not a release key: use Ed25519 or ECDSA P-256");
    }

    /** The scheme by its name on the command line ({@code ed25519}, {@code p256}). */
    public static SignatureScheme named(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "ed25519" -> ED25519;
            case "p256", "p-256", "ecdsa-p256" -> ECDSA_P256;
            default -> throw new IllegalArgumentException("unknown signature scheme \"" + name + "\": use ed25519 or p256");
        };
    }

    public KeyPair generate() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance(keyAlgorithm);
        if (this == ECDSA_P256) {
            g.initialize(new ECGenParameterSpec("secp256r1"));
        }
        return g.generateKeyPair();
    }

    public static byte[] sign(PrivateKey key, byte[] message) throws GeneralSecurityException {
        Signature s = Signature.getInstance(of(key).signatureAlgorithm);
        s.initSign(key);
        s.update(message);
        return s.sign();
    }

    /** Whether {@code signature} is the key's signature of {@code message}; a malformed signature is simply not. */
    public static boolean verify(PublicKey key, byte[] message, byte[] signature) {
        try {
            Signature s = Signature.getInstance(of(key).signatureAlgorithm);
            s.initVerify(key);
            s.update(message);
            return s.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** The public key's fingerprint ("SHA256:" and the hex digest of its encoding), to record at the key ceremony and compare on a node. */
    public static String fingerprint(java.security.PublicKey key) {
        return "SHA256:" + java.util.HexFormat.of().formatHex(PackageVerifier.sha256().digest(key.getEncoded()));
    }
}
