package org.streetnode.agent.lwm2m.engine;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ThreadFactory;
import java.util.random.RandomGenerator;
import org.streetnode.agent.lwm2m.object.ServerObject;

/**
 * What the registration engine needs besides Leshan's parts.
 *
 * @param requestTimeout how long to wait for an answer to a register, update or bootstrap request
 * @param probeTimeout how long a probe attempt (a registration attempt that follows one the
 *     server did not answer) waits for each answer of its DTLS handshake, which it does not
 *     retransmit
 * @param handshakes where the engine says whether the endpoint it creates next probes
 * @param deregistrationTimeout how long to wait for the answer to a de-registration (the agent
 *     has 5 s to stop)
 * @param bootstrapSessionTimeout how long a bootstrap server may take from the Bootstrap-Request
 *     to its Bootstrap-Finish
 * @param factoryRetry the retry settings where no Server object instance gives any (bootstrap)
 * @param tracker where the engine reports the node's standing
 * @param clock the clock the standing's times come from
 * @param random the source of the retry waits' random phase
 * @param jitter false: every retry wait is exactly what the retry settings say
 * @param onBootstrapped called on the engine's thread after a successful bootstrap, before the
 *     node registers: the time to keep what the bootstrap server wrote
 * @param thread makes the thread the engine runs on (its requests block it while they wait)
 */
public record EngineSettings(Duration requestTimeout, Duration probeTimeout, HandshakeMode handshakes,
        Duration deregistrationTimeout, Duration bootstrapSessionTimeout, ServerObject.RetrySettings factoryRetry,
        RegistrationTracker tracker, Clock clock, RandomGenerator random, boolean jitter, Runnable onBootstrapped,
        ThreadFactory thread) {
}
