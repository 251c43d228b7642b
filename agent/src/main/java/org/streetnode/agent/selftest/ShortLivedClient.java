package org.streetnode.agent.selftest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;
import org.eclipse.leshan.core.LwM2mId;
import org.streetnode.agent.board.BoardIdentity;
import org.streetnode.agent.config.StreetnodeConfig;
import org.streetnode.agent.health.Health;
import org.streetnode.agent.lifecycle.AgentThreads;
import org.streetnode.agent.lifecycle.AgentVersion;
import org.streetnode.agent.lwm2m.Lwm2mClientService;
import org.streetnode.agent.lwm2m.engine.RegistrationStatus;
import org.streetnode.agent.lwm2m.object.DeviceObject;

/**
 * An LwM2M client with the node's own configuration and credentials, the agent's code, and only
 * the Device object: it registers with the real server, and deregisters at once. Used while the
 * agent is stopped (the server would otherwise take it for the agent re-registering).
 */
final class ShortLivedClient {
    private static final Duration POLL = Duration.ofMillis(100);

    private ShortLivedClient() {
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Registers (waiting at most {@code limit}), deregisters, and returns how registration went; empty: no outcome in time. */
    static Optional<RegistrationStatus> register(StreetnodeConfig config, Clock clock, Duration limit)
            throws InterruptedException, IOException {
        Health health = new Health(clock);
        // What a bootstrap server writes is kept in a directory of its own, never the agent's:
        // files made there by root would keep the service user's agent from replacing them.
        Path accounts = Files.createTempDirectory("streetnode-selftest-");
        Lwm2mClientService client = Lwm2mClientService.builder(config.node().endpoint(), config.lwm2m(), accounts, clock,
                        AgentThreads.dedicated())
                .object(LwM2mId.DEVICE, new DeviceObject(BoardIdentity.of(config.board(), config.node().endpoint()),
                        AgentVersion.get(), health, clock, config.node().timezone(), () -> { }, () -> { }))
                .build();
        long deadline = System.nanoTime() + limit.toNanos();
        try {
            client.start();
            while (System.nanoTime() < deadline) {
                RegistrationStatus status = client.status();
                if (status.registered() || status.lastError().isPresent()) {
                    return Optional.of(status);
                }
                Thread.sleep(POLL.toMillis());
            }
            return Optional.empty();
        } finally {
            client.stop();
            deleteTree(accounts);
        }
    }
}
