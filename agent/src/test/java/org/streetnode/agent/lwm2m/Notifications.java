package org.streetnode.agent.lwm2m;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.leshan.core.node.LwM2mNode;
import org.eclipse.leshan.core.node.LwM2mPath;
import org.eclipse.leshan.core.node.LwM2mSingleResource;
import org.eclipse.leshan.core.observation.CompositeObservation;
import org.eclipse.leshan.core.observation.Observation;
import org.eclipse.leshan.core.observation.SingleObservation;
import org.eclipse.leshan.core.response.ObserveCompositeResponse;
import org.eclipse.leshan.core.response.ObserveResponse;
import org.eclipse.leshan.server.observation.ObservationListener;
import org.eclipse.leshan.server.registration.Registration;

/** What a Leshan server received as notifications, for tests to wait on. */
final class Notifications implements ObservationListener {
    private final List<Map<LwM2mPath, LwM2mNode>> received = new CopyOnWriteArrayList<>();

    @Override
    public void newObservation(Observation observation, Registration registration) {
    }

    @Override
    public void cancelled(Observation observation) {
    }

    @Override
    public void onResponse(SingleObservation observation, Registration registration, ObserveResponse response) {
        received.add(Map.of(observation.getPath(), response.getContent()));
    }

    @Override
    public void onResponse(CompositeObservation observation, Registration registration, ObserveCompositeResponse response) {
        received.add(response.getContent());
    }

    @Override
    public void onError(Observation observation, Registration registration, Exception error) {
    }

    /** Values notified for a single-value resource, in arrival order. */
    List<Object> values(String path) {
        LwM2mPath p = new LwM2mPath(path);
        List<Object> out = new ArrayList<>();
        for (Map<LwM2mPath, LwM2mNode> n : received) {
            if (n.get(p) instanceof LwM2mSingleResource r) {
                out.add(r.getValue());
            }
        }
        return out;
    }

    int count() {
        return received.size();
    }
}
