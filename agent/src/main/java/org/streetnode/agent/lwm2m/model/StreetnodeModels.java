package org.streetnode.agent.lwm2m.model;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.eclipse.leshan.core.model.ObjectModel;

/**
 * Every object model the node registers, one version each. The demo's and the tests' LwM2M
 * server is given the same list so both sides agree on types.
 */
public final class StreetnodeModels {
    public static final List<ObjectSpec> ALL = List.of(
            CoreObjects.SECURITY, CoreObjects.SERVER, CoreObjects.DEVICE, CoreObjects.CONNECTIVITY_MONITORING,
            CoreObjects.FIRMWARE_UPDATE, CoreObjects.LOCATION,
            IpsoObjects.ILLUMINANCE, IpsoObjects.PRESENCE, IpsoObjects.TEMPERATURE, IpsoObjects.HUMIDITY,
            IpsoObjects.LIGHT_CONTROL, IpsoObjects.BAROMETER, IpsoObjects.LOUDNESS,
            UcifiObjects.DEVICE_EXTENSION, UcifiObjects.OUTDOOR_LAMP_CONTROLLER, UcifiObjects.ELECTRICAL_MONITOR,
            UcifiObjects.PHOTOCELL, UcifiObjects.AIR_QUALITY, StreetnodeObjects.LIGHTING_PROGRAM,
            StreetnodeObjects.LIGHTING_REPORT, StreetnodeObjects.READING_SEQUENCE, StreetnodeObjects.FAULT_EVENT);

    private static final Map<Integer, ObjectSpec> BY_ID = ALL.stream()
            .collect(Collectors.toUnmodifiableMap(ObjectSpec::id, Function.identity()));

    private StreetnodeModels() {
    }

    public static ObjectSpec spec(int objectId) {
        ObjectSpec spec = BY_ID.get(objectId);
        if (spec == null) {
            throw new IllegalArgumentException("the node has no model for object " + objectId);
        }
        return spec;
    }

    /** The Leshan models of {@link #ALL}, for a client or a server. */
    public static List<ObjectModel> models() {
        return ALL.stream().map(ObjectSpec::toModel).toList();
    }
}
