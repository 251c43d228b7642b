package org.streetnode.agent.lwm2m;

import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.leshan.client.resource.LwM2mInstanceEnabler;
import org.eclipse.leshan.client.resource.ObjectEnabler;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.model.ObjectModel;
import org.eclipse.leshan.core.request.ContentFormat;
import org.eclipse.leshan.core.request.CreateRequest;
import org.eclipse.leshan.core.request.DeleteRequest;
import org.eclipse.leshan.core.response.CreateResponse;
import org.eclipse.leshan.core.response.DeleteResponse;

/**
 * An object whose instances mirror the node's hardware and services (the Device, one instance
 * per configured sensor, the lamp): the platform reads, observes, writes and executes them, but
 * cannot create or delete them (4.05), because there is nothing behind a new instance.
 */
final class FixedObjectEnabler extends ObjectEnabler {

    FixedObjectEnabler(ObjectModel model, LwM2mInstanceEnabler... instances) {
        super(model.id, model, index(model, instances), (m, id, used) -> {
            throw new IllegalStateException("instances of object " + m.id + " are fixed");
        }, ContentFormat.DEFAULT);
    }

    @Override
    protected CreateResponse doCreate(LwM2mServer server, CreateRequest request) {
        return CreateResponse.methodNotAllowed();
    }

    @Override
    protected DeleteResponse doDelete(LwM2mServer server, DeleteRequest request) {
        return DeleteResponse.methodNotAllowed();
    }

    private static Map<Integer, LwM2mInstanceEnabler> index(ObjectModel model, LwM2mInstanceEnabler[] instances) {
        Map<Integer, LwM2mInstanceEnabler> byId = new LinkedHashMap<>();
        for (int i = 0; i < instances.length; i++) {
            LwM2mInstanceEnabler instance = instances[i];
            if (instance.getId() == null) {
                instance.setId(i);
            }
            instance.setModel(model);
            if (byId.put(instance.getId(), instance) != null) {
                throw new IllegalArgumentException("object " + model.id + " has two instances with id " + instance.getId());
            }
        }
        return byId;
    }
}
