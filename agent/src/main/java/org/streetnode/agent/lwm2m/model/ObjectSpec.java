package org.streetnode.agent.lwm2m.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.leshan.core.model.ObjectModel;
import org.eclipse.leshan.core.model.ResourceModel;
import org.eclipse.leshan.core.model.URN;

/**
 * An LwM2M object model written from the OMA LwM2M registry's facts: id, version, and the
 * resources this node declares. Where a model leaves out optional resources of the registry's
 * object, a request for them gets 4.04 Not Found, exactly as for a resource an instance lacks.
 *
 * @param id the object id
 * @param name the registry's name
 * @param version the object version this node implements (registered as {@code ver=})
 * @param lwm2mVersion the LwM2M enabler version the registry object is defined for
 * @param multiple whether the object may have several instances
 * @param mandatory whether every LwM2M client must have it
 * @param resources the resources, by id
 * @param description what the object is for, in its DDF file (streetnode's own objects; for registry
 *     objects the file says which registry object it is and that only the listed resources are served)
 */
public record ObjectSpec(int id, String name, String version, String lwm2mVersion, boolean multiple, boolean mandatory,
        Map<Integer, ResourceSpec> resources, String description) {

    public ObjectSpec {
        resources = Map.copyOf(resources);
    }

    public static ObjectSpec of(int id, String name, String version, String lwm2mVersion, boolean multiple,
            boolean mandatory, ResourceSpec... resources) {
        Map<Integer, ResourceSpec> byId = new LinkedHashMap<>();
        for (ResourceSpec r : resources) {
            if (byId.put(r.id(), r) != null) {
                throw new IllegalArgumentException("object " + id + " declares resource " + r.id() + " twice");
            }
        }
        return new ObjectSpec(id, name, version, lwm2mVersion, multiple, mandatory, byId, "");
    }

    public ObjectSpec described(String text) {
        return new ObjectSpec(id, name, version, lwm2mVersion, multiple, mandatory, resources, text);
    }

    /** The resources in id order. */
    public List<ResourceSpec> resourcesInOrder() {
        return resources.values().stream().sorted(java.util.Comparator.comparingInt(ResourceSpec::id)).toList();
    }

    public Optional<ResourceSpec> resource(int resourceId) {
        return Optional.ofNullable(resources.get(resourceId));
    }

    /** The Leshan model the client encodes, decodes and checks operations with. */
    public ObjectModel toModel() {
        List<ResourceModel> models = resourcesInOrder().stream().map(ResourceSpec::toModel).toList();
        return new ObjectModel(id, name, description, version, multiple, mandatory, models, URN.generateURN(id, version),
                lwm2mVersion, "");
    }
}
