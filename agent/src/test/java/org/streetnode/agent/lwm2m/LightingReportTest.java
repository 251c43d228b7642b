package org.streetnode.agent.lwm2m;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import org.eclipse.leshan.core.ResponseCode;
import org.eclipse.leshan.core.node.LwM2mObjectInstance;
import org.eclipse.leshan.core.request.ObserveRequest;
import org.eclipse.leshan.core.request.ReadRequest;
import org.eclipse.leshan.core.request.WriteRequest;
import org.eclipse.leshan.core.response.LwM2mResponse;
import org.eclipse.leshan.core.response.ReadResponse;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.streetnode.agent.lighting.LampControl.LampOverride;
import org.streetnode.agent.lighting.LightingControl;
import org.streetnode.agent.lighting.monitor.CounterStore;
import org.streetnode.agent.lighting.monitor.MonitorStatus;

/**
 * What the city reports on, read and observed by the platform: the lamp's reason (program,
 * photocell, presence, an override and who set it) in 33102 0-3, the energy saved since counting
 * began and in the last night in 33102 4-9, the on time and energy in 3311 5852 and 5805, each
 * equal to what the lighting service (and so the shell) says. The whole agent on the simulated
 * board, its lamp metered, its counters seeded with a known last night.
 */
class LightingReportTest {
    private static final Instant COUNTING_SINCE = Instant.parse("2026-11-01T12:00:00Z");

    @TempDir
    Path dir;

    @AutoClose
    private AgentFixture node;

    private <T extends LwM2mResponse> T send(org.eclipse.leshan.core.request.DownlinkRequest<T> request) throws Exception {
        return node.send(request);
    }

    private Object value(String path) throws Exception {
        return node.value(path);
    }

    private LightingControl lighting() {
        return node.agent.lighting().orElseThrow();
    }

    @Test
    void theReasonAndTheEnergySavedAreReadableAndObservableAndMatchTheLightingService() throws Exception {
        // 10 h lit at a known cost, one of them last night (begun 2026-11-19): 10 h at 60 W would be 600 Wh, it used 200
        Files.createDirectories(dir.resolve("data"));
        Files.writeString(dir.resolve("data").resolve(CounterStore.FILE_NAME), """
                {"version": 1, "saved_at": "2026-11-20T08:00:00Z", "energy_wh": 300.0, "burning_ms": 36000000,
                 "switch_count": 3, "metered_lit_ms": 36000000, "full_power_watts": 60.0,
                 "energy_since": "2026-11-01T12:00:00Z",
                 "last_night": {"evening": "2026-11-19", "energy_wh": 200.0, "lit_ms": 36000000}}
                """);
        node = AgentFixture.start(dir, c -> c.set("sampling", "period", "1s"));
        Notifications notifications = node.notifications;

        // read: every figure as the lighting service has it
        ReadResponse report = send(new ReadRequest(33102, 0));
        assertThat(report.isSuccess()).isTrue();
        LwM2mObjectInstance r = (LwM2mObjectInstance) report.getContent();
        MonitorStatus m = lighting().monitor();
        assertThat(r.getResource(0).getValue()).isEqualTo(lighting().decision().reason().describe());
        assertThat(r.getResource(1).getValue()).isIn(0L, 1L, 2L, 5L); // no override yet
        assertThat(r.getResource(2).getValue()).isEqualTo("");
        assertThat(r.getResource(3).getValue()).isEqualTo(new Date(0));
        assertThat((Double) r.getResource(4).getValue()).isCloseTo(m.energySavedKWh().orElseThrow() * 1000, within(1.0));
        assertThat(r.getResource(5).getValue()).isEqualTo(Date.from(COUNTING_SINCE));
        assertThat((Double) r.getResource(6).getValue()).isCloseTo(m.lastNightSavedKWh().orElseThrow() * 1000, within(1e-6))
                .isCloseTo(400, within(1.0));
        assertThat(r.getResource(7).getValue()).isEqualTo("2026-11-19");
        assertThat(r.getResource(8).getValue()).isEqualTo(10.0);
        assertThat((Double) r.getResource(9).getValue()).isCloseTo(m.fullPowerWatts().orElseThrow(), within(1e-6));

        // the standard resources: on time (s) and energy (Wh), as 3416/15 and 3418/6 have them
        assertThat((Long) value("/3311/0/5852")).isCloseTo(Math.round(lighting().monitor().burningHours() * 3600), within(2L))
                .isGreaterThanOrEqualTo(36_000);
        assertThat((Double) value("/3311/0/5805")).isCloseTo(lighting().monitor().counters().energyWh(), within(1.0))
                .isGreaterThanOrEqualTo(300);

        // observe: a platform override notifies the new reason, its kind and who set it
        assertThat(send(new ObserveRequest(33102, 0, 0)).isSuccess()).isTrue();
        assertThat(send(new ObserveRequest(33102, 0, 1)).isSuccess()).isTrue();
        assertThat(send(new ObserveRequest(33102, 0, 2)).isSuccess()).isTrue();
        assertThat(send(new WriteRequest(3416, 0, 1, 40L)).isSuccess()).isTrue();
        await().atMost(Duration.ofSeconds(5)).until(() -> notifications.values("/33102/0/1").contains(3L));
        String platform = lighting().decision().reason().describe();
        assertThat(platform).startsWith("override by platform");
        assertThat(notifications.values("/33102/0/0")).contains(platform);
        assertThat(value("/33102/0/2")).isEqualTo(platform.substring("override by platform (".length(), platform.length() - 1));
        assertThat(value("/33102/0/3")).isEqualTo(new Date(0)); // until cancelled

        // a crew's override wins over the platform's: who, and until when
        Instant until = Instant.now().plus(Duration.ofMinutes(15)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        lighting().override(new LampOverride(70, Optional.of(until), LampOverride.Source.MAINTENANCE, "uid 1000 (crew)"));
        await().atMost(Duration.ofSeconds(5)).until(() -> notifications.values("/33102/0/2").contains("uid 1000 (crew)"));
        assertThat(notifications.values("/33102/0/1")).contains(4L);
        assertThat(notifications.values("/33102/0/0")).contains("override by maintenance (uid 1000 (crew))");
        assertThat(value("/33102/0/3")).isEqualTo(Date.from(until));

        // the on time can only be reset
        assertThat(send(new WriteRequest(3311, 0, 5852, 5L)).getCode()).isEqualTo(ResponseCode.BAD_REQUEST);
        assertThat(lighting().monitor().burningHours()).isGreaterThanOrEqualTo(10);
        assertThat(send(new WriteRequest(3311, 0, 5852, 0L)).isSuccess()).isTrue();
        assertThat(lighting().monitor().burningHours()).isLessThan(0.01);
        assertThat((Long) value("/3311/0/5852")).isLessThan(30);
    }
}
