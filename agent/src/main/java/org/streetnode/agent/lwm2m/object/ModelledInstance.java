package org.streetnode.agent.lwm2m.object;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.leshan.client.resource.BaseInstanceEnabler;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.model.ObjectModel;
import org.eclipse.leshan.core.model.ResourceModel.Type;
import org.eclipse.leshan.core.node.LwM2mObjectInstance;
import org.eclipse.leshan.core.node.LwM2mResource;
import org.eclipse.leshan.core.node.LwM2mResourceInstance;
import org.eclipse.leshan.core.response.ReadResponse;
import org.eclipse.leshan.core.response.WriteResponse;
import org.eclipse.leshan.core.util.datatype.ULong;
import org.streetnode.agent.lwm2m.model.ObjectSpec;
import org.streetnode.agent.lwm2m.model.ResourceSpec;

/**
 * An object instance whose resources are declared by an {@link ObjectSpec}. Every write is
 * checked whole before anything changes: a resource the instance does not have gets 4.04, one
 * the model does not let the server write gets 4.05, a wrong type or a value out of the model's
 * range gets 4.00, and a check of the instance's own ({@link #validate}) may refuse too. Only
 * when every resource of the request passed does {@link #apply} see them, together.
 *
 * <p>A bootstrap server (and the client itself) may write resources without operations (the
 * Security object, Server 13-20); resources this node does not implement are skipped for them,
 * as a bootstrap server cannot know which optional resources a client has.
 */
public abstract class ModelledInstance extends BaseInstanceEnabler {
    private final ObjectSpec spec;

    protected ModelledInstance(ObjectSpec spec, int instanceId) {
        super(instanceId);
        this.spec = spec;
    }

    /** For instances a bootstrap server creates: the object enabler gives the id. */
    protected ModelledInstance(ObjectSpec spec) {
        this.spec = spec;
    }

    public ObjectSpec spec() {
        return spec;
    }

    /** The resources this instance has right now (a subset of the model's). */
    protected abstract Collection<Integer> served();

    /** Reads a resource this instance serves. */
    protected abstract ReadResponse readServed(int resourceId);

    /**
     * The instance's own check of one resource write that passed the model's checks; empty when
     * it may be applied. Default: accept.
     */
    protected Optional<WriteResponse> validate(LwM2mServer server, int resourceId, LwM2mResource value) {
        return Optional.empty();
    }

    /**
     * Applies writes that all passed every check, in one go. Instances with writable resources
     * override it; others never get here, since the model refuses their writes. It may still
     * refuse (the service behind it has the last word) as long as it then changed nothing.
     */
    protected WriteResponse apply(LwM2mServer server, Map<Integer, LwM2mResource> values) {
        throw new IllegalStateException("object " + spec.id() + " has no writable resources");
    }

    @Override
    public final List<Integer> getAvailableResourceIds(ObjectModel model) {
        return served().stream().sorted().toList();
    }

    @Override
    public final ReadResponse read(LwM2mServer server, int resourceId) {
        if (!served().contains(resourceId)) {
            return ReadResponse.notFound();
        }
        return readServed(resourceId);
    }

    @Override
    public final WriteResponse write(LwM2mServer server, boolean replace, LwM2mObjectInstance value) {
        return writeAll(server, value.getResources().values());
    }

    @Override
    public final WriteResponse write(LwM2mServer server, boolean replace, int resourceId, LwM2mResource value) {
        return writeAll(server, List.of(value));
    }

    @Override
    public final WriteResponse write(LwM2mServer server, boolean addIfAbsent, int resourceId, int resourceInstanceId,
            LwM2mResourceInstance value) {
        // no resource of this node has writable resource instances
        return served().contains(resourceId) ? WriteResponse.methodNotAllowed() : WriteResponse.notFound();
    }

    private synchronized WriteResponse writeAll(LwM2mServer server, Collection<LwM2mResource> resources) {
        boolean configuring = server.isSystem() || server.isLwm2mBootstrapServer();
        Map<Integer, LwM2mResource> accepted = new LinkedHashMap<>();
        for (LwM2mResource r : resources) {
            Optional<WriteResponse> refusal = check(server, configuring, r);
            if (refusal.isPresent()) {
                if (configuring && refusal.get().getCode().equals(WriteResponse.notFound().getCode())) {
                    continue;
                }
                return refusal.get();
            }
            accepted.put(r.getId(), r);
        }
        return accepted.isEmpty() ? WriteResponse.success() : apply(server, accepted);
    }

    private Optional<WriteResponse> check(LwM2mServer server, boolean configuring, LwM2mResource value) {
        Optional<ResourceSpec> declared = spec.resource(value.getId());
        if (declared.isEmpty() || !served().contains(value.getId())) {
            return Optional.of(WriteResponse.notFound());
        }
        ResourceSpec r = declared.get();
        if (!configuring && !r.operations().isWritable()) {
            return Optional.of(WriteResponse.methodNotAllowed());
        }
        if (r.multiple() != value.isMultiInstances()) {
            return Optional.of(WriteResponse.badRequest(r.name() + (r.multiple() ? " has" : " has no") + " resource instances"));
        }
        if (value.getType() != r.type()) {
            return Optional.of(WriteResponse.badRequest(r.name() + " is " + r.type() + ", not " + value.getType()));
        }
        if (r.range().isPresent() && !value.isMultiInstances()) {
            Optional<Double> number = number(value.getType(), value.getValue());
            if (number.isPresent() && !r.range().get().contains(number.get())) {
                return Optional.of(WriteResponse.badRequest(r.name() + " must be in " + r.range().get() + ", not "
                        + value.getValue()));
            }
        }
        return validate(server, value.getId(), value);
    }

    private static Optional<Double> number(Type type, Object value) {
        return switch (type) {
            case INTEGER -> Optional.of(((Long) value).doubleValue());
            case FLOAT -> Optional.of((Double) value);
            case UNSIGNED_INTEGER -> Optional.of(((ULong) value).doubleValue());
            default -> Optional.empty();
        };
    }

    /** Tells observers that these resources changed (a new reading, a new lamp level). */
    protected void changed(int... resourceIds) {
        if (getModel() != null) {
            fireResourcesChange(getResourcePaths(resourceIds));
        }
    }
}
