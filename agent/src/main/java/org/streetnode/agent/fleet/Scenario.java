package org.streetnode.agent.fleet;

import java.time.Duration;

/** What happens to the fleet while it runs. */
public sealed interface Scenario {
    String name();

    /** The nodes run as they would in the city, until stopped. */
    record Steady() implements Scenario {
        @Override
        public String name() {
            return "steady";
        }
    }

    /**
     * Every node loses the server at once for {@code length}, then it returns: how registrations
     * and replays spread over the return. The fleet cuts its own uplink, so the server keeps
     * running and sees only the nodes' traffic stop and come back.
     *
     * @param after how long after every node has registered the outage begins
     */
    record Outage(Duration after, Duration length) implements Scenario {
        @Override
        public String name() {
            return "outage";
        }
    }

    /**
     * Nodes restart at random, each as after a reboot (stopped as by SIGTERM, started again on
     * the same data): a Poisson process of {@code perNodePerHour} restarts a node an hour.
     */
    record Churn(double perNodePerHour) implements Scenario {
        @Override
        public String name() {
            return "churn";
        }
    }
}
