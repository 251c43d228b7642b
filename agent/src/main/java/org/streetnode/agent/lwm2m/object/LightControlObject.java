package org.streetnode.agent.lwm2m.object;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.node.LwM2mResource;
import org.eclipse.leshan.core.response.ReadResponse;
import org.eclipse.leshan.core.response.WriteResponse;
import org.streetnode.agent.lighting.LampControl;
import org.streetnode.agent.lwm2m.model.IpsoObjects;

/**
 * The street lamp as IPSO Light Control (object 3311 v1.0, instance 0; model:
 * {@link IpsoObjects#LIGHT_CONTROL}): the same {@link LampControl} as 3416, for platforms that
 * only know IPSO. 5850 On/Off: whether the lamp is going to be lit; writing false sets a platform
 * override at 0, true one at the dimmer level (the written 5851, else the current target, else
 * 100). 5851 Dimmer: the level the lamp is going to (0-100); writing it sets a platform override
 * at that level. Overrides set here keep the start and end times set through 3416/50 and 51,
 * and are cancelled there (3416/51 = 0).
 */
public final class LightControlObject extends ModelledInstance {
    private static final Set<Integer> SERVED = Set.of(5850, 5851);

    private final LampControl lamp;
    private final PlatformOverrides overrides;

    public LightControlObject(LampControl lamp, java.time.Clock clock) {
        super(IpsoObjects.LIGHT_CONTROL, 0);
        this.lamp = lamp;
        this.overrides = new PlatformOverrides(lamp, clock);
        lamp.onChange(s -> changed(5850, 5851));
    }

    @Override
    protected Collection<Integer> served() {
        return SERVED;
    }

    @Override
    protected ReadResponse readServed(int resourceId) {
        return switch (resourceId) {
            case 5850 -> ReadResponse.success(5850, lamp.status().target() > 0);
            case 5851 -> ReadResponse.success(5851, Math.round(lamp.status().target()));
            default -> ReadResponse.notFound();
        };
    }

    @Override
    protected WriteResponse apply(LwM2mServer server, Map<Integer, LwM2mResource> values) {
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
