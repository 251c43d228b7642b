package org.streetnode.agent.lwm2m.object;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.node.LwM2mResource;
import org.eclipse.leshan.core.request.argument.Arguments;
import org.eclipse.leshan.core.response.ExecuteResponse;
import org.eclipse.leshan.core.response.ReadResponse;
import org.eclipse.leshan.core.response.WriteResponse;
import org.streetnode.agent.health.Fault;
import org.streetnode.agent.health.Health;
import org.streetnode.agent.lighting.LampControl;
import org.streetnode.agent.lighting.LampControl.LampOverride;
import org.streetnode.agent.lighting.LightingControl;
import org.streetnode.agent.lighting.monitor.LampFailure;
import org.streetnode.agent.lighting.monitor.MonitorStatus;
import org.streetnode.agent.lwm2m.model.UcifiObjects;

/**
 * The street lamp as uCIFI Outdoor lamp controller (object 3416 v2.0, instance 0; model:
 * {@link UcifiObjects#OUTDOOR_LAMP_CONTROLLER}): a thin view over the lamp's control.
 *
 * <p>1 Command: writing 0-100 sets a platform override at that level (0 switches the lamp off)
 * from the start time in 50 until the end time in 51, or until cancelled; reading gives the
 * platform's override level, else the level the lamp is going to. 2 Command in action: the
 * level the lamp is going to. 3 Dimming level: the level it is at. 50/51 Manual override start
 * and end time: when the platform's override starts and ends (0: at once / not set); writing
 * them moves the override, 51 = 0 cancels it (the lamp returns to its program), an end time
 * that has passed or is not after the start is refused (4.00). 54 Manual override active: the
 * platform's override is in force now.
 *
 * <p>With the lighting service's lamp monitor: 5 Lamp failure, 6 its reason (1 failure, 2 day
 * burner, 3 cycling, 4 supply loss), 9 Relay failure and 10 Day burner (current with the relay
 * commanded open), 11 Cycling failure, 15 Lamp operating hours and 16 their reset, 18 Lamp
 * switch counter and 19 its reset. Without a monitor, 5 says whether a lamp fault is active in
 * {@link Health}. Lamp and health changes notify observers.
 */
public final class OutdoorLampObject extends ModelledInstance {
    private static final Set<Integer> BASE = Set.of(1, 2, 3, 5, 50, 51, 54);
    private static final Set<Integer> MONITORED = Set.of(6, 9, 10, 11, 15, 16, 18, 19);

    private final LampControl lamp;
    private final Optional<LightingControl> lighting;
    private final PlatformOverrides overrides;
    private final Health health;
    private final Clock clock;
    private final Set<Integer> served;

    public OutdoorLampObject(LampControl lamp, Health health, Clock clock) {
        super(UcifiObjects.OUTDOOR_LAMP_CONTROLLER, 0);
        this.lamp = lamp;
        this.lighting = lamp instanceof LightingControl l ? Optional.of(l) : Optional.empty();
        this.overrides = new PlatformOverrides(lamp, clock);
        this.health = health;
        this.clock = clock;
        Set<Integer> ids = new HashSet<>(BASE);
        lighting.ifPresent(l -> ids.addAll(MONITORED));
        this.served = Set.copyOf(ids);
        lamp.onChange(s -> changed(1, 2, 3, 50, 51, 54));
        health.onChange(faults -> changed(lighting.isPresent() ? new int[] {5, 6, 9, 10, 11} : new int[] {5}));
    }

    @Override
    protected Collection<Integer> served() {
        return served;
    }

    @Override
    protected ReadResponse readServed(int resourceId) {
        return switch (resourceId) {
            case 1 -> ReadResponse.success(1, Math.round(overrides.commandedLevel()));
            case 2 -> ReadResponse.success(2, Math.round(lamp.status().target()));
            case 3 -> ReadResponse.success(3, Math.round(lamp.status().level()));
            case 5 -> ReadResponse.success(5, lighting.map(l -> l.monitor().failed(LampFailure.LAMP_FAILURE))
                    .orElseGet(() -> health.faults().stream().anyMatch(f -> f.kind() == Fault.Kind.LAMP)));
            case 6 -> ReadResponse.success(6, (long) monitor().failures().stream().mapToInt(LampFailure::code).min().orElse(0));
            case 9, 10 -> ReadResponse.success(resourceId, monitor().failed(LampFailure.DAY_BURNER));
            case 11 -> ReadResponse.success(11, monitor().failed(LampFailure.CYCLING));
            case 15 -> ReadResponse.success(15, monitor().burningHours());
            case 18 -> ReadResponse.success(18, monitor().switchCount());
            case 50 -> ReadResponse.success(50, time(overrides.set().flatMap(LampOverride::from)));
            case 51 -> ReadResponse.success(51, time(overrides.set().flatMap(LampOverride::until)));
            case 54 -> ReadResponse.success(54, overrides.active());
            default -> ReadResponse.notFound();
        };
    }

    private MonitorStatus monitor() {
        return lighting.orElseThrow().monitor();
    }

    private static Date time(Optional<Instant> t) {
        return new Date(t.map(Instant::toEpochMilli).orElse(0L));
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
        Optional<Optional<Instant>> from = time(values.get(50));
        Optional<Optional<Instant>> until = time(values.get(51));
        if (command.isPresent()) {
            return overrides.set(server, command.get(), from, until);
        }
        if (until.isPresent() && until.get().isEmpty()) {
            return overrides.cancel();
        }
        return overrides.set(server, overrides.commandedLevel(), from, until);
    }

    /** A written time resource: absent, 0 (cleared), or a time. */
    private static Optional<Optional<Instant>> time(LwM2mResource r) {
        if (r == null) {
            return Optional.empty();
        }
        Date d = (Date) r.getValue();
        return Optional.of(d.getTime() == 0 ? Optional.empty() : Optional.of(d.toInstant()));
    }

    @Override
    public ExecuteResponse execute(LwM2mServer server, int resourceId, Arguments arguments) {
        if (lighting.isEmpty()) {
            return ExecuteResponse.notFound();
        }
        switch (resourceId) {
            case 16 -> lighting.get().resetBurningHours();
            case 19 -> lighting.get().resetSwitchCount();
            default -> {
                return ExecuteResponse.notFound();
            }
        }
        changed(resourceId == 16 ? 15 : 18);
        return ExecuteResponse.success();
    }
}
