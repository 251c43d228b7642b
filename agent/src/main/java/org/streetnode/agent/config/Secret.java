package org.streetnode.agent.config;

import java.util.Arrays;

/**
 * Secret bytes (a PSK, a private key). Never printed: {@link #toString()} is redacted, and
 * nothing in the agent logs {@link #bytes()}.
 */
public final class Secret {
    private final byte[] bytes;

    public Secret(byte[] bytes) {
        this.bytes = bytes.clone();
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    public int length() {
        return bytes.length;
    }

    @Override
    public String toString() {
        return "<secret, " + bytes.length + " bytes>";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret s && java.security.MessageDigest.isEqual(bytes, s.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }
}
