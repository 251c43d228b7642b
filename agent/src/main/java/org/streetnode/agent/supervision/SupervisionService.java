package org.streetnode.agent.supervision;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.streetnode.agent.health.Health;
import org.streetnode.agent.lifecycle.Service;
import org.tinylog.Logger;

/**
 * The last part to start and the first to stop: tells systemd READY=1 once everything else runs
 * (a {@code Type=notify} unit counts as started only then), feeds the watchdog from its own
 * thread every third of {@code WatchdogSec}, and says STOPPING=1 as the agent begins to stop.
 */
public final class SupervisionService implements Service {
    private final Supervisor supervisor;
    private final WatchdogFeeder feeder;
    private final String readyStatus;
    private CountDownLatch stop;
    private Thread thread;

    /** @param health where a stalled loop is raised as a fault (and so kept in the fault history) */
    public SupervisionService(Supervisor supervisor, List<LivenessProbe> loops, String readyStatus, Health health) {
        this.supervisor = supervisor;
        this.feeder = new WatchdogFeeder(loops, supervisor, health);
        this.readyStatus = readyStatus;
    }

    @Override
    public String name() {
        return "supervision";
    }

    @Override
    public void start() {
        supervisor.notify("READY=1\nSTATUS=" + readyStatus);
        supervisor.watchdog().ifPresent(timeout -> {
            Duration every = timeout.dividedBy(3);
            stop = new CountDownLatch(1);
            feeder.tick(); // the first look only records where each loop stands
            thread = Thread.ofPlatform().daemon().name("watchdog").start(() -> feed(every));
            Logger.info("watchdog: systemd restarts the agent after {} s without a ping; checking every {} s",
                    timeout.toSeconds(), every.toSeconds());
        });
    }

    private void feed(Duration every) {
        try {
            while (!stop.await(every.toMillis(), TimeUnit.MILLISECONDS)) {
                feeder.tick();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void stop() throws InterruptedException {
        supervisor.notify("STOPPING=1");
        if (thread != null) {
            stop.countDown();
            thread.join(1000);
            thread = null;
        }
    }
}
