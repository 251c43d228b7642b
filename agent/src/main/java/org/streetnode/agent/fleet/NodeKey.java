package org.streetnode.agent.fleet;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * One simulated node's credentials: its endpoint name, and the PSK identity and key the
 * platform knows it by.
 */
public record NodeKey(String endpoint, String identity, byte[] key) {
    public NodeKey {
        key = key.clone();
    }

    @Override
    public byte[] key() {
        return key.clone();
    }

    /** The key as hex digits, as LwM2M servers show and take it. */
    public String keyHex() {
        return HexFormat.of().formatHex(key);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NodeKey k && k.endpoint.equals(endpoint) && k.identity.equals(identity)
                && Arrays.equals(k.key, key);
    }

    @Override
    public int hashCode() {
        return endpoint.hashCode();
    }

    /** Never the key: a record's own toString would print it. */
    @Override
    public String toString() {
        return "NodeKey[" + endpoint + ", identity " + identity + ", key (secret)]";
    }
}
