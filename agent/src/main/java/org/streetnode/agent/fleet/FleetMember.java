package org.streetnode.agent.fleet;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import org.streetnode.agent.Agent;
import org.streetnode.agent.config.ConfigException;
import org.streetnode.agent.config.ConfigLoader;
import org.streetnode.agent.delivery.BufferStatus;
import org.streetnode.agent.lifecycle.AgentThreads;
import org.streetnode.agent.lifecycle.Lifecycle;
import org.streetnode.agent.supervision.Supervisor;
import org.tinylog.Logger;

/**
 * One node of the running fleet: its files, the agent that runs it now (a new one after each
 * restart, on the same data directory, as after a reboot), and whether it is registered, which
 * its uplink reports as it changes.
 */
final class FleetMember {
    private final SimulatedNode node;
    private final Path config;
    private final Clock clock;
    private final ScheduledExecutorService network;
    private final Consumer<FleetMember> onRegistered;
    private final Consumer<FleetMember> onRestartRequest;
    private volatile Optional<Agent> agent = Optional.empty();
    private volatile boolean registered;
    private volatile Instant registeredAt = Instant.MIN;
    private volatile Optional<String> startError = Optional.empty();

    /**
     * @param onRegistered told each time the node registers (again)
     * @param onRestartRequest told when the platform asks the node to reboot (/3/0/4)
     */
    FleetMember(SimulatedNode node, Path config, Clock clock, ScheduledExecutorService network,
            Consumer<FleetMember> onRegistered, Consumer<FleetMember> onRestartRequest) {
        this.node = node;
        this.config = config;
        this.clock = clock;
        this.network = network;
        this.onRegistered = onRegistered;
        this.onRestartRequest = onRestartRequest;
    }

    String endpoint() {
        return node.key().endpoint();
    }

    SimulatedNode node() {
        return node;
    }

    /** Starts the node from its files; false (and the reason in {@link #startError()}) if it cannot. */
    synchronized boolean start() {
        if (agent.isPresent()) {
            return true;
        }
        Agent a;
        try {
            a = Agent.create(ConfigLoader.load(config), clock, () -> onRestartRequest.accept(this), Supervisor.none(),
                    AgentThreads.shared(endpoint(), network));
        } catch (ConfigException e) {
            return failed("invalid configuration: " + e.getMessage());
        }
        a.uplink().onUplinkChange(s -> uplinkChanged(s.registered()));
        try {
            a.start();
        } catch (Lifecycle.StartException e) {
            return failed(e.getMessage()); // what had started is stopped again
        }
        agent = Optional.of(a);
        startError = Optional.empty();
        return true;
    }

    /** Stops the node as SIGTERM would (deregistered, window committed, lamp to its stop state). */
    synchronized void stop() {
        Optional<Agent> a = agent;
        agent = Optional.empty();
        registered = false;
        a.ifPresent(running -> {
            var unclean = running.stop();
            if (!unclean.isEmpty()) {
                Logger.warn("fleet: {} did not stop cleanly: {}", endpoint(), String.join(", ", unclean));
            }
        });
    }

    /** Stops the node and starts it again, as a reboot does. */
    synchronized boolean restart() {
        stop();
        return start();
    }

    boolean running() {
        return agent.isPresent();
    }

    boolean registered() {
        return registered;
    }

    /** When the node registered last (Instant.MIN: never). */
    Instant registeredAt() {
        return registeredAt;
    }

    Optional<String> startError() {
        return startError;
    }

    /** The node's buffer: its backlog, deliveries and delivery state; empty while it does not run. */
    Optional<BufferStatus> buffer() {
        return agent.flatMap(a -> a.buffer().status());
    }

    Optional<Agent> agent() {
        return agent;
    }

    private void uplinkChanged(boolean nowRegistered) {
        boolean before = registered;
        registered = nowRegistered;
        if (nowRegistered && !before) {
            registeredAt = clock.instant();
            onRegistered.accept(this);
        }
    }

    private boolean failed(String why) {
        startError = Optional.of(why);
        Logger.error("fleet: {} did not start: {}", endpoint(), why);
        return false;
    }
}
