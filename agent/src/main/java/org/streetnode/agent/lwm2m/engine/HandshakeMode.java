package org.streetnode.agent.lwm2m.engine;

/**
 * How the DTLS handshake of the endpoint the registration engine creates next behaves.
 *
 * <p>A probe is a registration attempt that ends after the probe timeout, before its handshake
 * would first retransmit, and whose endpoint is then silenced. The engine probes while its server
 * gives no answer, so that a node is hardly ever retransmitting when the server returns:
 * retransmissions of attempts begun during an outage would all arrive in the first seconds of
 * the return, a storm however well the waits between attempts are spread. Once an exchange is
 * answered, endpoints retransmit as usual.
 */
public interface HandshakeMode {
    /** @param probe whether the next endpoint's handshakes are probes */
    void next(boolean probe);

    /** A probe got no answer: its endpoint sends nothing more until the next attempt replaces it. */
    void silence();
}
