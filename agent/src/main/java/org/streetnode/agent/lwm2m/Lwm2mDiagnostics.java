package org.streetnode.agent.lwm2m;

import java.util.List;
import org.streetnode.agent.lwm2m.engine.RegistrationStatus;

/**
 * The LwM2M client as the maintenance shell shows it.
 *
 * @param security how the node authenticates ("psk", "rpk", "x509", "nosec"); never key material
 * @param lifetimeSeconds the registration lifetime the node asks for
 * @param objects the objects the client serves, by id, with their instance ids
 */
public record Lwm2mDiagnostics(String endpoint, String security, long lifetimeSeconds, RegistrationStatus registration,
        List<ServedObject> objects) {

    public Lwm2mDiagnostics {
        objects = List.copyOf(objects);
    }

    public record ServedObject(int id, String name, String version, List<Integer> instances) {
        public ServedObject {
            instances = List.copyOf(instances);
        }
    }
}
