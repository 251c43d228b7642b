package org.streetnode.agent.fleet;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.tinylog.Logger;

/**
 * Runs a fleet through its scenario: starts the nodes, reports progress, cuts and restores the
 * uplink or restarts nodes as the scenario says, and ends with a summary. It sleeps until the
 * next thing due (a progress line, a scenario step, a look at the fleet while an outage ends),
 * or until asked to stop.
 */
public final class FleetRun {
    /** How often the fleet is looked at while an outage scenario waits for a state. */
    private static final Duration LOOK_EVERY = Duration.ofSeconds(2);

    private final Fleet fleet;
    private final Scenario scenario;
    private final Optional<CuttableUplink> uplink;
    private final Duration progressEvery;
    private final Optional<Duration> limit;
    private final FleetReport report;
    private final Clock clock;
    private final SplittableRandom random;

    /**
     * @param uplink the fleet's cuttable uplink (the outage scenario's)
     * @param limit stop after this long; empty: until asked (the outage scenario also ends once
     *     every node is registered again and has replayed its backlog)
     */
    public FleetRun(Fleet fleet, Scenario scenario, Optional<CuttableUplink> uplink, Duration progressEvery,
            Optional<Duration> limit, FleetReport report, Clock clock, long seed) {
        if (scenario instanceof Scenario.Outage && uplink.isEmpty()) {
            throw new IllegalArgumentException("the outage scenario needs the fleet's cuttable uplink");
        }
        this.fleet = fleet;
        this.scenario = scenario;
        this.uplink = uplink;
        this.progressEvery = progressEvery;
        this.limit = limit;
        this.report = report;
        this.clock = clock;
        this.random = new SplittableRandom(seed);
    }

    /** Runs until the scenario ends, the limit passes or {@code stop} is counted down; returns the summary. */
    public FleetSummary run(CountDownLatch stop, double startRate) throws InterruptedException {
        Instant start = clock.instant();
        fleet.startAll(startRate);
        Instant nextProgress = start.plus(progressEvery);
        Optional<Instant> allRegistered = Optional.empty();
        OutageClock outage = new OutageClock();
        Instant nextRestart = scenario instanceof Scenario.Churn c ? start.plus(nextGap(c)) : Instant.MAX;
        while (true) {
            Instant now = clock.instant();
            if (limit.isPresent() && !now.isBefore(start.plus(limit.get()))) {
                break;
            }
            FleetCounts counts = null;
            if (!now.isBefore(nextProgress)) {
                counts = fleet.counts();
                report.progress(Duration.between(start, now), counts, uplink.map(CuttableUplink::isCut).orElse(false),
                        fleet.restarts());
                nextProgress = nextProgress.plus(progressEvery);
            }
            if (allRegistered.isEmpty()) {
                allRegistered = whenEveryNodeRegistered(start);
            }
            if (scenario instanceof Scenario.Outage o && outage.step(o, allRegistered, now, start)) {
                break;
            }
            if (scenario instanceof Scenario.Churn c && !now.isBefore(nextRestart)) {
                List<FleetMember> members = fleet.members();
                fleet.restartLater(members.get(random.nextInt(members.size())));
                nextRestart = now.plus(nextGap(c));
            }
            Instant wake = nextProgress.isBefore(nextRestart) ? nextProgress : nextRestart;
            if (scenario instanceof Scenario.Outage || allRegistered.isEmpty()) {
                Instant look = now.plus(LOOK_EVERY);
                wake = look.isBefore(wake) ? look : wake;
            }
            if (limit.isPresent() && start.plus(limit.get()).isBefore(wake)) {
                wake = start.plus(limit.get());
            }
            long millis = Math.max(1, Duration.between(clock.instant(), wake).toMillis());
            if (stop.await(millis, TimeUnit.MILLISECONDS)) {
                break;
            }
        }
        Instant end = clock.instant();
        if (allRegistered.isEmpty()) {
            allRegistered = whenEveryNodeRegistered(start);
        }
        FleetCounts last = fleet.counts();
        report.progress(Duration.between(start, end), last, uplink.map(CuttableUplink::isCut).orElse(false), fleet.restarts());
        return new FleetSummary(scenario.name(), fleet.members().size(), fleet.members().get(0).node().index(),
                Duration.between(start, end), fleet.startErrors(), allRegistered.map(t -> Duration.between(start, t)),
                fleet.registrations().total(), fleet.restarts(), last, outage.summary(fleet.registrations()));
    }

    /** When the last node registered, once every node is; reported as an event. */
    private Optional<Instant> whenEveryNodeRegistered(Instant start) {
        if (!everyNodeRegistered()) {
            return Optional.empty();
        }
        Instant last = fleet.members().stream().map(FleetMember::registeredAt).max(Instant::compareTo).orElse(start);
        report.event(Duration.between(start, last), "every node registered");
        return Optional.of(last);
    }

    /** Every node this process runs is registered (only fleet-wide events need all of them). */
    private boolean everyNodeRegistered() {
        return fleet.members().stream().allMatch(FleetMember::registered);
    }

    private Duration nextGap(Scenario.Churn c) {
        double perSecond = c.perNodePerHour() * fleet.members().size() / 3600.0;
        double seconds = -Math.log(1 - random.nextDouble()) / perSecond;
        return Duration.ofMillis((long) Math.max(1, seconds * 1000));
    }

    /** The outage scenario's steps: wait, cut, restore, and wait until every node is back and drained. */
    private final class OutageClock {
        private Optional<Instant> cutAt = Optional.empty();
        private Optional<Instant> restoredAt = Optional.empty();
        private Optional<Instant> registeredAgain = Optional.empty();
        private Optional<Instant> drained = Optional.empty();

        /** Does what is due; true once the scenario has run its course. */
        boolean step(Scenario.Outage o, Optional<Instant> allRegistered, Instant now, Instant start) {
            if (cutAt.isEmpty()) {
                if (allRegistered.isPresent() && !now.isBefore(allRegistered.get().plus(o.after()))) {
                    uplink.orElseThrow().cut();
                    cutAt = Optional.of(now);
                    report.event(Duration.between(start, now), "uplink cut for " + o.length().toSeconds() + " s");
                    Logger.info("fleet: uplink cut");
                }
                return false;
            }
            if (restoredAt.isEmpty()) {
                if (!now.isBefore(cutAt.get().plus(o.length()))) {
                    uplink.orElseThrow().restore();
                    restoredAt = Optional.of(now);
                    report.event(Duration.between(start, now), "uplink restored");
                    Logger.info("fleet: uplink restored");
                }
                return false;
            }
            if (registeredAgain.isEmpty() && everyNodeRegistered()) {
                // when the last node registered, as it saw its registration answered
                Instant last = fleet.members().stream().map(FleetMember::registeredAt).filter(restoredAt.get()::isBefore)
                        .max(Instant::compareTo).orElse(restoredAt.get());
                registeredAgain = Optional.of(last);
                report.event(Duration.between(start, last), "every node registered again");
            }
            if (registeredAgain.isPresent() && drained.isEmpty()) {
                FleetCounts c = fleet.counts();
                if (c.drained() == c.nodes()) {
                    drained = Optional.of(now);
                    report.event(Duration.between(start, now), "every backlog replayed");
                }
            }
            return drained.isPresent();
        }

        Optional<FleetSummary.Outage> summary(RegistrationLog log) {
            if (restoredAt.isEmpty()) {
                return Optional.empty();
            }
            Instant back = restoredAt.get();
            Instant until = registeredAgain.orElse(clock.instant()).plusSeconds(1);
            return Optional.of(new FleetSummary.Outage(cutAt.orElseThrow(), back,
                    registeredAgain.map(t -> Duration.between(back, t)), drained.map(t -> Duration.between(back, t)),
                    log.perSecond(back, until)));
        }
    }
}
