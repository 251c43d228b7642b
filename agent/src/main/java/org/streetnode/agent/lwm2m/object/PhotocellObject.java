package org.streetnode.agent.lwm2m.object;

import java.io.IOException;
import java.util.Collection;
import java.util.Date;
import java.util.Map;
import java.util.Set;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.node.LwM2mResource;
import org.eclipse.leshan.core.response.ReadResponse;
import org.eclipse.leshan.core.response.WriteResponse;
import org.streetnode.agent.lighting.Daylight;
import org.streetnode.agent.lighting.LightingControl;
import org.streetnode.agent.lighting.PhotocellStatus;
import org.streetnode.agent.lighting.PhotocellThresholds;
import org.streetnode.agent.lwm2m.model.UcifiObjects;
import org.tinylog.Logger;

/**
 * uCIFI Photocell (object 3419 v1.1, instance 0; model {@link UcifiObjects#PHOTOCELL}): the
 * lighting service's photocell rule. 1 ON lux level and 2 OFF lux level are its thresholds
 * (written together or alone; OFF must stay above ON, or 4.00 and nothing changes), 3 Photocell
 * status is true while it calls for light, 5518 the time of the light reading it is based on.
 */
public final class PhotocellObject extends ModelledInstance {
    private static final Set<Integer> SERVED = Set.of(1, 2, 3, 5518);

    private final LightingControl lighting;

    public PhotocellObject(LightingControl lighting) {
        super(UcifiObjects.PHOTOCELL, 0);
        this.lighting = lighting;
    }

    @Override
    protected Collection<Integer> served() {
        return SERVED;
    }

    @Override
    protected ReadResponse readServed(int resourceId) {
        PhotocellStatus p = lighting.photocell();
        return switch (resourceId) {
            case 1 -> ReadResponse.success(1, p.thresholds().onLux());
            case 2 -> ReadResponse.success(2, p.thresholds().offLux());
            case 3 -> ReadResponse.success(3, p.daylight() == Daylight.DARK);
            case 5518 -> p.readingAt().map(t -> ReadResponse.success(5518, Date.from(t))).orElse(ReadResponse.notFound());
            default -> ReadResponse.notFound();
        };
    }

    @Override
    protected WriteResponse apply(LwM2mServer server, Map<Integer, LwM2mResource> values) {
        PhotocellThresholds now = lighting.photocell().thresholds();
        double on = values.containsKey(1) ? (Double) values.get(1).getValue() : now.onLux();
        double off = values.containsKey(2) ? (Double) values.get(2).getValue() : now.offLux();
        PhotocellThresholds next;
        try {
            next = new PhotocellThresholds(on, off);
        } catch (IllegalArgumentException e) {
            return WriteResponse.badRequest(e.getMessage());
        }
        try {
            lighting.setPhotocellThresholds(next, server.isSystem() ? "local" : "server " + server.getId());
        } catch (IOException e) {
            Logger.error("lwm2m: cannot store the photocell thresholds: {}", e.getMessage());
            return WriteResponse.internalServerError("cannot store the thresholds; the old ones stay");
        }
        changed(1, 2);
        return WriteResponse.success();
    }
}
