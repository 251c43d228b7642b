package org.streetnode.agent.lwm2m;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.eclipse.leshan.client.resource.LwM2mInstanceEnabler;
import org.eclipse.leshan.core.node.LwM2mPath;
import org.streetnode.agent.lwm2m.object.SensorObject;
import org.streetnode.drivers.Quantity;

/** Which LwM2M resource shows a sensor's quantity: {@code (air, TEMPERATURE) -> /3303/0/5700}. */
public final class ReadingPaths {
    private record Key(String sensorId, Quantity quantity) {
    }

    private final Map<Key, LwM2mPath> paths;

    private ReadingPaths(Map<Key, LwM2mPath> paths) {
        this.paths = Map.copyOf(paths);
    }

    static ReadingPaths of(Map<Integer, LwM2mInstanceEnabler[]> objects) {
        Map<Key, LwM2mPath> paths = new HashMap<>();
        objects.forEach((objectId, instances) -> {
            for (LwM2mInstanceEnabler instance : instances) {
                if (instance instanceof SensorObject s) {
                    s.resources().forEach((q, resourceId) ->
                            paths.put(new Key(s.sensorId(), q), new LwM2mPath(objectId, instance.getId(), resourceId)));
                }
            }
        });
        return new ReadingPaths(paths);
    }

    public Optional<LwM2mPath> path(String sensorId, Quantity quantity) {
        return Optional.ofNullable(paths.get(new Key(sensorId, quantity)));
    }
}
