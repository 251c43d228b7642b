package org.streetnode.agent.fleet;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * How a fleet run went, for the last lines of {@code streetnode fleet}.
 *
 * @param firstIndex the index of this process's first node
 * @param ran how long the run took
 * @param startErrors the first nodes that did not start, and why
 * @param allRegistered how long after the start every node was registered
 * @param registrations registrations the nodes saw answered (first ones and every one after)
 * @param restarts nodes restarted (churn, or the platform's Reboot)
 * @param last the fleet at the end
 */
public record FleetSummary(String scenario, int nodes, int firstIndex, Duration ran, List<String> startErrors,
        Optional<Duration> allRegistered, long registrations, int restarts, FleetCounts last, Optional<Outage> outage) {

    public FleetSummary {
        startErrors = List.copyOf(startErrors);
    }

    /**
     * The outage and the return.
     *
     * @param registeredAgain how long after the uplink returned every node was registered again
     * @param drained how long after it returned every node was registered with its backlog replayed
     * @param perSecond registrations in each second from the return until every node was back
     */
    public record Outage(Instant cutAt, Instant restoredAt, Optional<Duration> registeredAgain, Optional<Duration> drained,
            long[] perSecond) {

        public Outage {
            perSecond = perSecond.clone();
        }

        @Override
        public long[] perSecond() {
            return perSecond.clone();
        }

        /** The busiest second of the return. */
        public long peak() {
            long peak = 0;
            for (long n : perSecond) {
                peak = Math.max(peak, n);
            }
            return peak;
        }

        /** Registrations per second averaged over the return, from the restore until every node was back. */
        public double average() {
            long sum = 0;
            for (long n : perSecond) {
                sum += n;
            }
            return perSecond.length == 0 ? 0 : sum / (double) perSecond.length;
        }
    }
}
