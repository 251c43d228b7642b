package org.streetnode.agent.lwm2m.object;

import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.leshan.core.node.LwM2mPath;
import org.eclipse.leshan.core.node.LwM2mSingleResource;
import org.eclipse.leshan.core.response.ReadResponse;
import org.streetnode.agent.health.Fault;
import org.streetnode.agent.health.FaultEvent;
import org.streetnode.agent.health.Health;
import org.streetnode.agent.lwm2m.model.StreetnodeObjects;
import org.streetnode.agent.store.StoredFaultEvent;

/**
 * streetnode Fault Event (object 33103, instance 0; model {@link StreetnodeObjects#FAULT_EVENT}).
 *
 * <p>Every LwM2M Send of the node's fault history names this instance: 0 Raised at the event's
 * time carries its sequence number, 1 Source, 2 Kind, 3 Error Code and 4 Message at the same time
 * are its details ({@link #details}); the server accepts Send paths only of instances the node
 * registered, so the instance is served. Read directly, it shows the latest fault raised or
 * cleared since the agent started, with 5 its time, and nothing before the first; every event
 * notifies its observers.
 */
public final class FaultEventObject extends ModelledInstance {
    /** Where an event's Raised resource goes in a Send: its reading, the one that takes its sequence number. */
    public static final LwM2mPath RAISED = new LwM2mPath(StreetnodeObjects.FAULT_EVENT.id(), 0, 0);
    private static final Set<Integer> SERVED = Set.of(0, 1, 2, 3, 4, 5);

    private volatile Optional<FaultEvent> latest = Optional.empty();
    private final AtomicBoolean unannounced = new AtomicBoolean();

    public FaultEventObject(Health health) {
        super(StreetnodeObjects.FAULT_EVENT, 0);
        health.onEvent(e -> {
            latest = Optional.of(e);
            unannounced.set(true);
        });
        // observers are notified after the change, as for the other objects, not while health tells the event
        health.onChange(faults -> {
            if (unannounced.getAndSet(false)) {
                changed(0, 1, 2, 3, 4, 5);
            }
        });
    }

    /**
     * Resources 1-4 of an event, as a Send carries them beside its Raised (0): Source, Kind, the
     * Device Error Code it raises, and the Message.
     */
    public static List<LwM2mSingleResource> details(String source, Fault.Kind kind, String message) {
        return List.of(LwM2mSingleResource.newStringResource(1, source),
                LwM2mSingleResource.newStringResource(2, kind.label()),
                LwM2mSingleResource.newIntegerResource(3, kind.errorCode()),
                LwM2mSingleResource.newStringResource(4, message));
    }

    @Override
    protected Collection<Integer> served() {
        return latest.isPresent() ? SERVED : Set.of();
    }

    @Override
    protected ReadResponse readServed(int resourceId) {
        FaultEvent e = latest.orElseThrow();
        Fault f = e.fault();
        return switch (resourceId) {
            case 0 -> ReadResponse.success(0, e.raised());
            case 1, 2, 3, 4 -> ReadResponse.success(details(f.source(), f.kind(), StoredFaultEvent.shortened(f.message()))
                    .get(resourceId - 1));
            case 5 -> ReadResponse.success(5, Date.from(e.at()));
            default -> ReadResponse.notFound();
        };
    }
}
