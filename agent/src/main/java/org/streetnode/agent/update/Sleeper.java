package org.streetnode.agent.update;

import java.time.Duration;

/** How downloads wait (the rate limit, retries): {@code Thread::sleep}, but in tests. */
@FunctionalInterface
public interface Sleeper {
    void sleep(Duration d) throws InterruptedException;
}
