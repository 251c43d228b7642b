package org.streetnode.agent.config;

import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.List;

/** How the node proves itself to an LwM2M server and checks the server (LwM2M 1.1 Security object modes). */
public sealed interface ServerSecurity {
    /** The mode's name as written in the config. */
    String mode();

    /** DTLS with a pre-shared key: the identity is public, the key lives in a 0600 file. */
    record Psk(String identity, Secret key, Path keyFile) implements ServerSecurity {
        public String mode() {
            return "psk";
        }
    }

    /** DTLS with raw public keys: our key pair and the server's public key, pinned. */
    record Rpk(PrivateKey privateKey, PublicKey publicKey, PublicKey serverPublicKey) implements ServerSecurity {
        public String mode() {
            return "rpk";
        }

        @Override
        public String toString() {
            return "Rpk[privateKey=<secret>, publicKey=" + publicKey.getAlgorithm() + ", serverPublicKey="
                    + serverPublicKey.getAlgorithm() + "]";
        }
    }

    /** DTLS with X.509 certificates: our chain and key, and the certificates we trust for the server. */
    record X509(List<X509Certificate> certificateChain, PrivateKey privateKey, List<X509Certificate> trusted)
            implements ServerSecurity {
        public X509 {
            certificateChain = List.copyOf(certificateChain);
            trusted = List.copyOf(trusted);
        }

        public String mode() {
            return "x509";
        }

        @Override
        public String toString() {
            return "X509[subject=" + certificateChain.get(0).getSubjectX500Principal().getName()
                    + ", privateKey=<secret>, trusted=" + trusted.size() + "]";
        }
    }

    /** No security at all: allowed only when the config says this is a lab setup. */
    record NoSec() implements ServerSecurity {
        public String mode() {
            return "nosec";
        }
    }
}
