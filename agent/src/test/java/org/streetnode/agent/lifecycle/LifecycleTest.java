package org.streetnode.agent.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LifecycleTest {
    private final List<String> events = new ArrayList<>();

    private Service service(String name, boolean failStart, boolean failStop) {
        return new Service() {
            public String name() {
                return name;
            }

            public void start() throws Exception {
                if (failStart) {
                    throw new IllegalStateException(name + " broke");
                }
                events.add("start " + name);
            }

            public void stop() {
                events.add("stop " + name);
                if (failStop) {
                    throw new IllegalStateException(name + " hangs on");
                }
            }
        };
    }

    @Test
    void startsInOrderAndStopsInReverse() throws Exception {
        Lifecycle l = new Lifecycle().add(service("store", false, false)).add(service("lighting", false, false))
                .add(service("lwm2m", false, false));
        l.start();
        assertThat(l.stop()).isEmpty();
        assertThat(events).containsExactly("start store", "start lighting", "start lwm2m",
                "stop lwm2m", "stop lighting", "stop store");
    }

    @Test
    void aFailedStartStopsWhatWasStartedAndNamesTheCulprit() {
        Lifecycle l = new Lifecycle().add(service("store", false, false)).add(service("lighting", false, false))
                .add(service("lwm2m", true, false)).add(service("shell", false, false));
        assertThatThrownBy(l::start).isInstanceOf(Lifecycle.StartException.class)
                .hasMessage("lwm2m could not start: lwm2m broke")
                .satisfies(e -> assertThat(((Lifecycle.StartException) e).service()).isEqualTo("lwm2m"));
        assertThat(events).containsExactly("start store", "start lighting", "stop lighting", "stop store");
    }

    @Test
    void oneFailingStopDoesNotKeepTheOthersRunning() throws Exception {
        Lifecycle l = new Lifecycle().add(service("store", false, false)).add(service("lwm2m", false, true));
        l.start();
        assertThat(l.stop()).containsExactly("lwm2m");
        assertThat(events).containsExactly("start store", "start lwm2m", "stop lwm2m", "stop store");
        assertThat(l.stop()).isEmpty(); // nothing left to stop
    }

    @Test
    void aSecondInstanceOnTheSameDataDirectoryIsRefused(@TempDir Path dir) throws Exception {
        InstanceLock first = new InstanceLock(dir);
        first.start();
        try {
            assertThatThrownBy(() -> new InstanceLock(dir).start())
                    .isInstanceOf(InstanceLock.AlreadyRunningException.class)
                    .hasMessageContaining("(pid " + ProcessHandle.current().pid() + ")")
                    .hasMessageContaining(dir.toString());
        } finally {
            first.stop();
        }
        InstanceLock again = new InstanceLock(dir);
        again.start();
        again.stop();
    }
}
