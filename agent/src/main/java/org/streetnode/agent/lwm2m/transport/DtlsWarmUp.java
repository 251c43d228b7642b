package org.streetnode.agent.lwm2m.transport;

import org.eclipse.californium.elements.util.JceProviderUtil;
import org.eclipse.californium.scandium.dtls.cipher.CipherSuite;
import org.eclipse.californium.scandium.dtls.cipher.RandomManager;
import org.eclipse.californium.scandium.dtls.cipher.XECDHECryptography;
import org.tinylog.Logger;

/**
 * Starts Scandium's one-time cryptography set-up on a thread of its own, so that it runs while
 * the rest of the agent is built and started rather than on the path to the first registration.
 *
 * <p>Scandium's first DTLS endpoint checks which algorithms the JDK's providers offer (it
 * generates a key for each elliptic curve it may use) and seeds its secure random: on the
 * footprint benchmark's machine about 0.1 s of CPU, which the node would otherwise spend between
 * starting its LwM2M client and sending the first handshake. Begun by {@code streetnode run}
 * once its logging is configured, before the agent is built, on another core, it costs the same
 * CPU but no time to registration (BENCHMARKS.md, "Start-up, third pass"). The set-up is the
 * JVM's class initialisation, done once whoever asks first.
 */
public final class DtlsWarmUp {
    private DtlsWarmUp() {
    }

    /** Begins the set-up on a daemon thread of its own; returns at once. */
    public static void begin() {
        Thread.ofPlatform().name("dtls-warm-up").daemon().start(DtlsWarmUp::run);
    }

    private static void run() {
        try {
            JceProviderUtil.init();
            XECDHECryptography.SupportedGroup.getUsableGroups();
            CipherSuite.getCipherSuitesByKeyExchangeAlgorithm(false, CipherSuite.KeyExchangeAlgorithm.PSK);
            RandomManager.currentSecureRandom().nextInt();
        } catch (RuntimeException | LinkageError e) {
            // Only a head start: the endpoint does the same set-up itself, and reports what fails there.
            Logger.debug(e, "lwm2m: the early DTLS set-up failed; the first endpoint does it");
        }
    }
}
