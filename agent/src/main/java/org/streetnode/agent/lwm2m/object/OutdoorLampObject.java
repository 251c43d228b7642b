package org.streetnode.agent.lwm2m.object;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.node.LwM2mResource;
import org.eclipse.leshan.core.response.ReadResponse;
import org.eclipse.leshan.core.response.WriteResponse;
import org.streetnode.agent.health.Fault;
import org.streetnode.agent.health.Health;
import org.streetnode.agent.lighting.LampControl;
import org.streetnode.agent.lighting.LampControl.LampOverride;
import org.streetnode.agent.lwm2m.model.UcifiObjects;

/**
 * The street lamp as uCIFI Outdoor lamp controller (object 3416 v2.0, instance 0; model:
 * {@link UcifiObjects#OUTDOOR_LAMP_CONTROLLER}): a thin view over {@link LampControl}.
 *
 * <p>1 Command: writing 0-100 sets a platform override at that level (0 switches the lamp off)
 * until the end time in 51 or until cancelled; reading gives the platform's override level, else
 * the level the lamp is going to. 2 Command in action: the level the lamp is going to. 3 Dimming
 * level: the level it is at. 5 Lamp failure: a lamp fault is active in {@link Health}.
 * 51 Manual override end time: when the platform's override ends (0: none, or until cancelled);
 * writing a future time sets it, writing 0 cancels the override (the lamp returns to its
 * program), a past time is refused (4.00). 54 Manual override active. Lamp changes notify
 * observers.
 */
public final class OutdoorLampObject extends ModelledInstance {
    private static final Set<Integer> SERVED = Set.of(1, 2, 3, 5, 51, 54);

    private final LampControl lamp;
    private final PlatformOverrides overrides;
    private final Health health;
    private final Clock clock;

    public OutdoorLampObject(LampControl lamp, Health health, Clock clock) {
        super(UcifiObjects.OUTDOOR_LAMP_CONTROLLER, 0);
        this.lamp = lamp;
        this.overrides = new PlatformOverrides(lamp);
        this.health = health;
        this.clock = clock;
        lamp.onChange(s -> changed(1, 2, 3, 51, 54));
        health.onChange(faults -> changed(5));
    }

    @Override
    protected Collection<Integer> served() {
        return SERVED;
    }

    @Override
    protected ReadResponse readServed(int resourceId) {
        return switch (resourceId) {
            case 1 -> ReadResponse.success(1, Math.round(overrides.commandedLevel()));
            case 2 -> ReadResponse.success(2, Math.round(lamp.status().target()));
            case 3 -> ReadResponse.success(3, Math.round(lamp.status().level()));
            case 5 -> ReadResponse.success(5, health.faults().stream().anyMatch(f -> f.kind() == Fault.Kind.LAMP));
            case 51 -> ReadResponse.success(51, new Date(overrides.active().flatMap(LampOverride::until)
                    .map(Instant::toEpochMilli).orElse(0L)));
            case 54 -> ReadResponse.success(54, overrides.active().isPresent());
            default -> ReadResponse.notFound();
        };
    }

    @Override
    protected Optional<WriteResponse> validate(LwM2mServer server, int resourceId, LwM2mResource value) {
        if (resourceId == 51) {
            Date end = (Date) value.getValue();
            if (end.getTime() != 0 && !end.toInstant().isAfter(clock.instant())) {
                return Optional.of(WriteResponse.badRequest("the override end time " + end.toInstant()
                        + " is not in the future (write 0 to cancel the override)"));
            }
        }
        return Optional.empty();
    }

    @Override
    protected WriteResponse apply(LwM2mServer server, Map<Integer, LwM2mResource> values) {
        Optional<Long> command = Optional.ofNullable(values.get(1)).map(r -> (Long) r.getValue());
        Optional<Instant> end = Optional.ofNullable(values.get(51)).map(r -> ((Date) r.getValue()).toInstant());
        boolean cancel = end.isPresent() && end.get().toEpochMilli() == 0;
        if (command.isPresent()) {
            return overrides.set(server, command.get(), cancel ? Optional.empty() : end);
        }
        if (cancel) {
            return overrides.cancel();
        }
        return overrides.set(server, overrides.commandedLevel(), end);
    }
}
