package org.streetnode.agent.cli;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.streetnode.agent.Agent;
import org.streetnode.agent.lifecycle.ExitCodes;
import org.streetnode.agent.lifecycle.InstanceLock;
import org.streetnode.agent.lifecycle.Lifecycle;
import org.streetnode.agent.logging.Logging;
import org.tinylog.Logger;
import sun.misc.Signal;

/**
 * Runs an agent until SIGTERM or SIGINT (or a restart request, or a time limit), then stops it
 * within {@link #STOP_BUDGET}: the lamp to its configured state, the open buffer window
 * committed. Signals are handled, not left to shutdown hooks, so a clean stop exits 0.
 */
final class AgentRunner {
    /** systemd's default stop timeout is 90 s; the agent promises 5 s. */
    static final Duration STOP_BUDGET = Duration.ofSeconds(5);

    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final AtomicInteger exitCode = new AtomicInteger(ExitCodes.OK);

    /** What the platform's Reboot does: stop, and exit so the supervisor starts the agent again. */
    Runnable restartRequest() {
        return () -> {
            Logger.info("agent: restart requested by the platform");
            exitCode.set(ExitCodes.RESTART);
            stopRequested.countDown();
        };
    }

    /** Makes SIGINT and SIGTERM request a stop. */
    void handleSignals() {
        for (String name : List.of("INT", "TERM")) {
            Signal.handle(new Signal(name), signal -> {
                Logger.info("agent: SIG{} received: stopping", name);
                stopRequested.countDown();
            });
        }
    }

    void requestStop() {
        stopRequested.countDown();
    }

    /**
     * Starts the agent, calls {@code whileRunning} (the demo's view) until a stop is requested or
     * {@code limit} passes, then stops the agent. Returns the exit code.
     */
    int run(Agent agent, Duration limit, Runnable whileRunning) {
        try {
            agent.start();
        } catch (Lifecycle.StartException e) {
            boolean locked = e.getCause() instanceof InstanceLock.AlreadyRunningException;
            Logger.error("agent: {}", e.getMessage());
            System.err.println("streetnode: " + e.getMessage());
            Logging.shutdown();
            return locked ? ExitCodes.ALREADY_RUNNING : ExitCodes.FAILURE;
        }
        Thread view = whileRunning == null ? null : Thread.ofPlatform().daemon().name("view").start(whileRunning);
        try {
            if (!stopRequested.await(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                Logger.info("agent: ran for {}: stopping", limit);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (view != null) {
            view.interrupt();
        }
        return stop(agent);
    }

    private int stop(Agent agent) {
        // A part that hangs must not keep the node from restarting: past the budget, leave hard.
        Thread guard = Thread.ofPlatform().daemon().name("stop-guard").start(() -> {
            try {
                Thread.sleep(STOP_BUDGET.toMillis());
                System.err.println("streetnode: did not stop within " + STOP_BUDGET.toSeconds() + " s; exiting anyway");
                Runtime.getRuntime().halt(ExitCodes.FAILURE);
            } catch (InterruptedException e) {
                // stopped in time
            }
        });
        List<String> failed = agent.stop();
        guard.interrupt();
        if (failed.isEmpty()) {
            Logger.info("agent: stopped");
        } else {
            Logger.error("agent: stopped; did not stop cleanly: {}", String.join(", ", failed));
        }
        Logging.shutdown();
        return failed.isEmpty() ? exitCode.get() : ExitCodes.FAILURE;
    }
}
