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
 * @param deregistrationTimeout how long to wait for the answer to a de-registration (the agent
 *     has 5 s to stop)
 * @param bootstrapSessionTimeout how long a bootstrap server may take from the Bootstrap-Request
 *     to its Bootstrap-Finish
 * @param factoryRetry the retry settings where no Server object instance gives any (bootstrap)
 * @param tracker where the engine reports the node's standing
 * @param clock the clock the standing's times come from
 * @param random the jitter's source
 * @param onBootstrapped called on the engine's thread after a successful bootstrap, before the
 *     node registers: the time to keep what the bootstrap server wrote
 * @param thread makes the thread the engine runs on (its requests block it while they wait)
 */
public record EngineSettings(Duration requestTimeout, Duration deregistrationTimeout, Duration bootstrapSessionTimeout,
        ServerObject.RetrySettings factoryRetry, RegistrationTracker tracker, Clock clock, RandomGenerator random,
        Runnable onBootstrapped, ThreadFactory thread) {
}
