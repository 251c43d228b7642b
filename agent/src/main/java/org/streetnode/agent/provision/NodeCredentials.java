package org.streetnode.agent.provision;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.HexFormat;
import org.streetnode.agent.config.Secret;

/** Credentials made on the node, so the secret never travels. */
public sealed interface NodeCredentials {
    /** 16 random bytes: AES-128 strength, and 32 hex digits a platform form takes. */
    int PSK_BYTES = 16;

    /** A pre-shared key and the identity the server knows it by. */
    record Psk(String identity, Secret key) implements NodeCredentials {
        public String keyHex() {
            return HexFormat.of().formatHex(key.bytes());
        }
    }

    /** The node's EC P-256 key pair. */
    record Rpk(KeyPair pair) implements NodeCredentials {
        /** The node's public key as the platform takes it: SubjectPublicKeyInfo, base64. */
        public String publicKeyBase64() {
            return Base64.getEncoder().encodeToString(pair.getPublic().getEncoded());
        }

        @Override
        public String toString() {
            return "Rpk[private key <secret>, public " + publicKeyBase64() + "]";
        }
    }

    static Psk newPsk(String identity, SecureRandom random) {
        byte[] key = new byte[PSK_BYTES];
        random.nextBytes(key);
        return new Psk(identity, new Secret(key));
    }

    static Rpk newRpk(SecureRandom random) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), random);
            return new Rpk(generator.generateKeyPair());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this Java has no EC P-256 key generation", e);
        }
    }
}
