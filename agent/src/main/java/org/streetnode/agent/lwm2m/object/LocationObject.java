package org.streetnode.agent.lwm2m.object;

import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.Set;
import org.eclipse.leshan.core.response.ReadResponse;
import org.streetnode.agent.config.LocationConfig;
import org.streetnode.agent.lwm2m.model.CoreObjects;

/**
 * LwM2M Location (object 6 v1.0, instance 0; model: {@link CoreObjects#LOCATION}): where the pole
 * stands, from {@code [location]}. 0 Latitude, 1 Longitude (degrees, WGS 84), 2 Altitude (m),
 * 5 Timestamp: when the position was surveyed, which for a pole is when its configuration was
 * written (the config file's modification time).
 */
public final class LocationObject extends ModelledInstance {
    private static final Set<Integer> SERVED = Set.of(0, 1, 2, 5);

    private final LocationConfig location;
    private final Instant surveyed;

    public LocationObject(LocationConfig location, Instant surveyed) {
        super(CoreObjects.LOCATION, 0);
        this.location = location;
        this.surveyed = surveyed;
    }

    @Override
    protected Collection<Integer> served() {
        return SERVED;
    }

    @Override
    protected ReadResponse readServed(int resourceId) {
        return switch (resourceId) {
            case 0 -> ReadResponse.success(0, location.latitude());
            case 1 -> ReadResponse.success(1, location.longitude());
            case 2 -> ReadResponse.success(2, location.altitude());
            case 5 -> ReadResponse.success(5, Date.from(surveyed));
            default -> ReadResponse.notFound();
        };
    }
}
