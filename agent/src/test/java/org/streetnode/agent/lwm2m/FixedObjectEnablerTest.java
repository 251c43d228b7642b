package org.streetnode.agent.lwm2m;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.leshan.client.resource.BaseInstanceEnabler;
import org.eclipse.leshan.client.resource.LwM2mObjectEnabler;
import org.eclipse.leshan.client.resource.listener.ObjectListener;
import org.eclipse.leshan.core.model.ObjectLoader;
import org.eclipse.leshan.core.model.ObjectModel;
import org.eclipse.leshan.core.node.LwM2mPath;
import org.junit.jupiter.api.Test;

class FixedObjectEnablerTest {
    /** An instance that changes on a thread of its own, as a sensor's does with each reading. */
    private static final class Changing extends BaseInstanceEnabler {
        void change() {
            fireResourceChange(0);
        }
    }

    /** Records the changes it hears of. */
    private static final class Recorder implements ObjectListener {
        final List<LwM2mPath> changes = new CopyOnWriteArrayList<>();

        @Override
        public void objectInstancesAdded(LwM2mObjectEnabler object, int... instanceIds) {
        }

        @Override
        public void objectInstancesRemoved(LwM2mObjectEnabler object, int... instanceIds) {
        }

        @Override
        public void resourceChanged(LwM2mPath... paths) {
            changes.addAll(List.of(paths));
        }
    }

    @Test
    void changesWhileTheClientAddsItsListenersBreakNothingAndReachTheListenersOnceTheClientRuns() throws Exception {
        ObjectModel device = ObjectLoader.loadDefault().stream().filter(m -> m.id == 3).findFirst().orElseThrow();
        Changing instance = new Changing();
        FixedObjectEnabler enabler = new FixedObjectEnabler(device, instance);
        AtomicReference<Throwable> broke = new AtomicReference<>();
        AtomicBoolean done = new AtomicBoolean();
        Thread readings = Thread.ofPlatform().start(() -> {
            while (!done.get()) {
                try {
                    instance.change();
                } catch (RuntimeException e) {
                    broke.set(e);
                    return;
                }
            }
        });
        // what building and starting a Leshan client does: add listeners to the object, while
        // the readings go on (a listener list iterated and added to at once throws)
        Recorder first = new Recorder();
        enabler.addListener(first);
        for (int i = 0; i < 20_000 && broke.get() == null; i++) {
            enabler.addListener(new Recorder());
        }
        done.set(true);
        readings.join();
        assertThat(broke.get()).isNull();
        assertThat(first.changes).isEmpty();

        enabler.notifying(true);
        instance.change();
        assertThat(first.changes).containsExactly(new LwM2mPath(3, 0, 0));
    }
}
