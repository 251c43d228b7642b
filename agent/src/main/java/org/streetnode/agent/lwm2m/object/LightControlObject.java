package org.streetnode.agent.lwm2m.object;

import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.node.LwM2mResource;
import org.eclipse.leshan.core.response.ReadResponse;
import org.eclipse.leshan.core.response.WriteResponse;
import org.streetnode.agent.lighting.LampControl;
import org.streetnode.agent.lighting.LightingControl;
import org.streetnode.agent.lwm2m.model.IpsoObjects;

/**
 * The street lamp as IPSO Light Control (object 3311 v1.0, instance 0; model:
 * {@link IpsoObjects#LIGHT_CONTROL}): the same {@link LampControl} as 3416, for platforms that
 * only know IPSO. 5850 On/Off: whether the lamp is going to be lit; writing false sets a platform
 * override at 0, true one at the dimmer level (the written 5851, else the current target, else
 * 100). 5851 Dimmer: the level the lamp is going to (0-100); writing it sets a platform override
 * at that level. Overrides set here keep the start and end times set through 3416/50 and 51,
 * and are cancelled there (3416/51 = 0).
 *
 * <p>With the lighting service's lamp monitor: 5852 On time, the seconds the lamp has been lit
 * (the burning hours of 3416/15, in seconds; writing 0 resets both, any other value is refused
 * with 4.00), and on a metered lamp 5805 Cumulative active power, the energy it used in Wh since
 * energy counting began (3418/6; reset by 3418/7).
 */
public final class LightControlObject extends ModelledInstance {
    private static final Set<Integer> BASE = Set.of(5850, 5851);

    private final LampControl lamp;
    private final Optional<LightingControl> lighting;
    private final PlatformOverrides overrides;

    public LightControlObject(LampControl lamp, java.time.Clock clock) {
        super(IpsoObjects.LIGHT_CONTROL, 0);
        this.lamp = lamp;
        this.lighting = lamp instanceof LightingControl l ? Optional.of(l) : Optional.empty();
        this.overrides = new PlatformOverrides(lamp, clock);
        lamp.onChange(s -> changed(lighting.isPresent() ? new int[] {5850, 5851, 5852, 5805} : new int[] {5850, 5851}));
    }

    @Override
    protected Collection<Integer> served() {
        Set<Integer> ids = new HashSet<>(BASE);
        lighting.ifPresent(l -> {
            ids.add(5852);
            if (l.monitor().metered()) {
                ids.add(5805);
            }
        });
        return ids;
    }

    @Override
    protected ReadResponse readServed(int resourceId) {
        return switch (resourceId) {
            case 5850 -> ReadResponse.success(5850, lamp.status().target() > 0);
            case 5851 -> ReadResponse.success(5851, Math.round(lamp.status().target()));
            case 5852 -> ReadResponse.success(5852, Math.round(lighting.orElseThrow().monitor().burningHours() * 3600));
            case 5805 -> ReadResponse.success(5805, lighting.orElseThrow().monitor().counters().energyWh());
            default -> ReadResponse.notFound();
        };
    }

    @Override
    protected Optional<WriteResponse> validate(LwM2mServer server, int resourceId, LwM2mResource value) {
        if (resourceId == 5852 && (Long) value.getValue() != 0) {
            return Optional.of(WriteResponse.badRequest("On time can only be reset: write 0"));
        }
        return Optional.empty();
    }

    @Override
    protected WriteResponse apply(LwM2mServer server, Map<Integer, LwM2mResource> values) {
        WriteResponse result = values.containsKey(5850) || values.containsKey(5851) ? setLamp(server, values)
                : WriteResponse.success();
        if (result.isSuccess() && values.containsKey(5852)) {
            lighting.orElseThrow().resetBurningHours();
            changed(5852);
        }
        return result;
    }

    private WriteResponse setLamp(LwM2mServer server, Map<Integer, LwM2mResource> values) {
        Optional<Long> dimmer = Optional.ofNullable(values.get(5851)).map(r -> (Long) r.getValue());
        Optional<Boolean> on = Optional.ofNullable(values.get(5850)).map(r -> (Boolean) r.getValue());
        double level;
        if (on.isPresent() && !on.get()) {
            level = 0;
        } else if (dimmer.isPresent()) {
            level = dimmer.get();
        } else {
            double target = lamp.status().target();
            level = target > 0 ? target : 100;
        }
        return overrides.set(server, level, Optional.empty(), Optional.empty());
    }
}
