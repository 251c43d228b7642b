package org.streetnode.agent.shell;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.streetnode.agent.board.BoardIdentity;
import org.streetnode.agent.config.StreetnodeConfig;
import org.streetnode.agent.health.Health;
import org.streetnode.agent.lighting.LampControl;
import org.streetnode.agent.logging.RecentLog;
import org.streetnode.agent.lwm2m.engine.RegistrationStatus;
import org.streetnode.agent.supervision.LivenessProbe;

/**
 * What the shell shows and drives, as the composition root handed it over.
 *
 * @param loops the agent's loops and their rounds so far ({@code status} shows them; the install
 *     helper judges a new version by their progress)
 */
record ShellParts(StreetnodeConfig config, String version, BoardIdentity identity, Health health,
        Supplier<RegistrationStatus> registration, Map<Topic, DiagnosticsSource<?>> topics, Optional<LampControl> lamp,
        Optional<Trends> trends, RecentLog log, Supplier<Instant> startedAt,
        Optional<BooleanSupplier> clockSync, List<LivenessProbe> loops) {

    ShellParts {
        topics = Map.copyOf(topics);
        loops = List.copyOf(loops);
    }

    Optional<Object> snapshot(Topic topic) {
        DiagnosticsSource<?> source = topics.get(topic);
        return source == null ? Optional.empty() : Optional.of(source.snapshot());
    }
}
