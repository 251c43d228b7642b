package org.streetnode.agent.shell;

import java.time.Clock;
import java.util.Optional;
import java.util.function.Consumer;
import org.streetnode.agent.lighting.LampControl;

/**
 * A lamp that keeps the override it is given and shows it, enforcing the {@link LampControl}
 * contract, so shell tests can see what an operator's command did. Lighting's real
 * implementation has its own tests.
 */
public final class RecordingLampControl implements LampControl {
    private final Clock clock;
    private volatile Optional<LampOverride> override = Optional.empty();

    public RecordingLampControl(Clock clock) {
        this.clock = clock;
    }

    @Override
    public LampStatus status() {
        return override.map(o -> new LampStatus(o.level(), o.level(), "override by " + o.source().name().toLowerCase(), override))
                .orElse(new LampStatus(40, 40, "program", Optional.empty()));
    }

    @Override
    public void override(LampOverride o) {
        if (o.level() < 0 || o.level() > 100) {
            throw new IllegalArgumentException("level outside 0-100: " + o.level());
        }
        if (o.until().isEmpty() && o.source() == LampOverride.Source.MAINTENANCE) {
            throw new IllegalArgumentException("a maintenance override needs an end");
        }
        if (o.until().isPresent() && !o.until().get().isAfter(clock.instant())) {
            throw new IllegalArgumentException("expiry in the past");
        }
        override = Optional.of(o);
    }

    @Override
    public void cancelOverride(LampOverride.Source source) {
        if (override.map(o -> o.source() == source).orElse(false)) {
            override = Optional.empty();
        }
    }

    @Override
    public void onChange(Consumer<LampStatus> listener) {
        // nothing changes by itself here
    }

    public Optional<LampOverride> override() {
        return override;
    }
}
