package org.streetnode.agent.lwm2m;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import org.eclipse.leshan.core.ResponseCode;
import org.eclipse.leshan.core.node.LwM2mResource;
import org.eclipse.leshan.core.node.LwM2mSingleResource;
import org.eclipse.leshan.core.request.ExecuteRequest;
import org.eclipse.leshan.core.request.ObserveRequest;
import org.eclipse.leshan.core.request.ReadRequest;
import org.eclipse.leshan.core.request.WriteRequest;
import org.eclipse.leshan.core.request.WriteRequest.Mode;
import org.eclipse.leshan.core.response.LwM2mResponse;
import org.eclipse.leshan.core.response.ReadResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.streetnode.agent.Agent;
import org.streetnode.agent.config.ConfigLoader;
import org.streetnode.agent.config.TestConfigs;
import org.streetnode.agent.demo.EmbeddedLwm2mServer;
import org.streetnode.drivers.Quantity;
import org.streetnode.drivers.emulator.EmulatedPwmOutput;
import org.streetnode.drivers.lamp.Lamp;

/**
 * The whole agent on the simulated board: sampling's readings reach the sensor objects, and the
 * platform's writes to the lamp objects move the real lamp driver (the PWM emulator's duty and
 * the relay), or are refused without moving it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AgentOnSimulatedBoardTest {
    private static final String ENDPOINT = NodeFixture.ENDPOINT;

    private EmbeddedLwm2mServer server;
    private Agent agent;
    private final Notifications notifications = new Notifications();

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        server = EmbeddedLwm2mServer.start(List.of())
                .allowPsk(ENDPOINT, ENDPOINT, HexFormat.of().parseHex(TestConfigs.PSK_HEX));
        server.leshan().getObservationService().addListener(notifications);
        agent = Agent.create(ConfigLoader.load(TestConfigs.write(dir, TestConfigs.minimal(dir, server.coapsUri().toString()))),
                Clock.systemUTC(), () -> { });
        agent.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> server.registration(ENDPOINT).isPresent()
                && agent.registration().registered());
    }

    @AfterAll
    void stop() {
        agent.stop();
        server.close();
    }

    private <T extends LwM2mResponse> T send(org.eclipse.leshan.core.request.DownlinkRequest<T> request)
            throws InterruptedException {
        return server.send(ENDPOINT, request, 5000);
    }

    private Object value(String path) throws InterruptedException {
        ReadResponse r = send(new ReadRequest(path));
        assertThat(r.isSuccess()).as("read %s: %s %s", path, r.getCode(), r.getErrorMessage()).isTrue();
        return ((LwM2mSingleResource) r.getContent()).getValue();
    }

    private Lamp lamp() {
        return agent.board().lamp().orElseThrow();
    }

    private EmulatedPwmOutput pwm() {
        return agent.board().simulation().orElseThrow().emulatedIo().pwmOutput(0, 0).orElseThrow();
    }

    /** The PWM emulator's duty reaches the level's (within the PWM period's resolution). */
    private void awaitDuty(double level) {
        double duty = lamp().dimmer().dutyFor(level);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(pwm().dutyCycle())
                .as("PWM duty for level %s (lamp at %s)", level, lamp().level())
                .isCloseTo(duty, org.assertj.core.data.Offset.offset(0.1)));
    }

    @Test
    void samplingReadingsAppearInTheSensorObjects() throws Exception {
        await().atMost(Duration.ofSeconds(10)).until(() -> agent.readings().latest("air", Quantity.TEMPERATURE).isPresent()
                && agent.readings().latest("pm", Quantity.PM10).isPresent());
        double air = agent.readings().latest("air", Quantity.TEMPERATURE).orElseThrow().value();
        assertThat(value("/3303/0/5700")).isEqualTo(air);
        double pm10 = agent.readings().latest("pm", Quantity.PM10).orElseThrow().value();
        assertThat(value("/3428/0/1")).isEqualTo(pm10);
    }

    @Test
    void writingTheLampLevelMovesTheDimmerAndTheRelay() throws Exception {
        assertThat(send(new ObserveRequest("/3416/0/3")).isSuccess()).isTrue();

        assertThat(send(new WriteRequest(3416, 0, 1, 40L)).isSuccess()).isTrue();
        awaitDuty(40);
        assertThat(lamp().on()).isTrue();
        await().atMost(Duration.ofSeconds(2)).until(() -> Long.valueOf(40).equals(value("/3416/0/3")));
        assertThat(value("/3416/0/2")).isEqualTo(40L);
        assertThat(value("/3416/0/54")).isEqualTo(true);
        assertThat(value("/3311/0/5851")).isEqualTo(40L);
        assertThat(value("/3311/0/5850")).isEqualTo(true);
        assertThat(value("/3418/0/35")).isEqualTo(40L);
        await().atMost(Duration.ofSeconds(5)).until(() -> notifications.values("/3416/0/3").contains(40L));

        // the IPSO view switches the same lamp off
        assertThat(send(new WriteRequest(3311, 0, 5850, false)).isSuccess()).isTrue();
        awaitDuty(0);
        await().atMost(Duration.ofSeconds(2)).until(() -> !lamp().on());
        assertThat(send(new WriteRequest(3311, 0, 5851, 65L)).isSuccess()).isTrue();
        awaitDuty(65);
        assertThat(lamp().on()).isTrue();
    }

    @Test
    void refusedLampWritesLeaveTheLampAsItWas() throws Exception {
        assertThat(send(new WriteRequest(3416, 0, 1, 20L)).isSuccess()).isTrue();
        awaitDuty(20);
        double duty = pwm().dutyCycle();

        assertThat(send(new WriteRequest(3416, 0, 1, 150L)).getCode()).isEqualTo(ResponseCode.BAD_REQUEST);
        assertThat(send(new WriteRequest(3311, 0, 5851, -1L)).getCode()).isEqualTo(ResponseCode.BAD_REQUEST);
        assertThat(send(new WriteRequest(3416, 0, 3, 90L)).getCode()).isEqualTo(ResponseCode.METHOD_NOT_ALLOWED);
        assertThat(send(new WriteRequest(3416, 0, 99, 90L)).getCode()).isEqualTo(ResponseCode.NOT_FOUND);
        Date past = Date.from(Instant.now().minusSeconds(60));
        assertThat(send(new WriteRequest(3416, 0, 51, past)).getCode()).isEqualTo(ResponseCode.BAD_REQUEST);
        // a good command with a bad end time in one write: neither is applied
        var both = send(new WriteRequest(Mode.UPDATE, 3416, 0, List.<LwM2mResource>of(
                LwM2mSingleResource.newIntegerResource(1, 90), LwM2mSingleResource.newDateResource(51, past))));
        assertThat(both.getCode()).isEqualTo(ResponseCode.BAD_REQUEST);

        assertThat(pwm().dutyCycle()).isEqualTo(duty);
        assertThat(value("/3416/0/1")).isEqualTo(20L);
        assertThat(agent.registration().registered()).isTrue();
    }

    @Test
    void anOverrideRunsFromItsStartToItsEndTimeOrUntilTheEndTimeIsCleared() throws Exception {
        Date later = Date.from(Instant.now().plusSeconds(3600));
        assertThat(send(new WriteRequest(Mode.UPDATE, 3416, 0, List.<LwM2mResource>of(
                LwM2mSingleResource.newIntegerResource(1, 30), LwM2mSingleResource.newDateResource(51, later))))
                .isSuccess()).isTrue();
        awaitDuty(30);
        assertThat(((Date) value("/3416/0/51")).getTime() / 1000).isEqualTo(later.getTime() / 1000);
        assertThat(value("/3416/0/54")).isEqualTo(true);

        // 51 = 0 cancels the override: the lighting program has the lamp again
        assertThat(send(new WriteRequest(3416, 0, 51, new Date(0))).isSuccess()).isTrue();
        await().atMost(Duration.ofSeconds(2)).until(() -> platformOverride().isEmpty());
        assertThat(value("/3416/0/54")).isEqualTo(false);
        assertThat(value("/3416/0/51")).isEqualTo(new Date(0));

        // an override that ends soon ends by itself; in force for 4 s, so that a slow machine
        // (a fresh one compiling everything) still sees the lamp at its level before the end
        assertThat(send(new WriteRequest(Mode.UPDATE, 3416, 0, List.<LwM2mResource>of(
                LwM2mSingleResource.newIntegerResource(1, 55),
                LwM2mSingleResource.newDateResource(51, Date.from(Instant.now().plusSeconds(4)))))).isSuccess()).isTrue();
        awaitDuty(55);
        await().atMost(Duration.ofSeconds(10)).until(() -> platformOverride().isEmpty());

        // one that starts later is set but not in force, and an end before the start is refused
        Date start = Date.from(Instant.now().plusSeconds(600));
        assertThat(send(new WriteRequest(Mode.UPDATE, 3416, 0, List.<LwM2mResource>of(
                LwM2mSingleResource.newIntegerResource(1, 80), LwM2mSingleResource.newDateResource(50, start),
                LwM2mSingleResource.newDateResource(51, later)))).isSuccess()).isTrue();
        assertThat(((Date) value("/3416/0/50")).getTime() / 1000).isEqualTo(start.getTime() / 1000);
        assertThat(value("/3416/0/54")).isEqualTo(false);
        assertThat(send(new WriteRequest(3416, 0, 50, Date.from(later.toInstant().plusSeconds(60)))).getCode())
                .isEqualTo(ResponseCode.BAD_REQUEST);
        assertThat(((Date) value("/3416/0/50")).getTime() / 1000).isEqualTo(start.getTime() / 1000);
        assertThat(send(new WriteRequest(3416, 0, 51, new Date(0))).isSuccess()).isTrue();
    }

    @Test
    void theLampMonitorsCountersAreReadAndReset() throws Exception {
        assertThat(value("/3416/0/15")).isInstanceOf(Double.class);
        assertThat(value("/3416/0/18")).isInstanceOf(Long.class);
        assertThat(value("/3416/0/5")).isEqualTo(false);
        assertThat(value("/3416/0/6")).isEqualTo(0L);
        assertThat(value("/3418/0/6")).isInstanceOf(Double.class);
        assertThat(send(new org.eclipse.leshan.core.request.ExecuteRequest("/3416/0/19")).isSuccess()).isTrue();
        assertThat(value("/3416/0/18")).isEqualTo(0L);
        assertThat(send(new org.eclipse.leshan.core.request.ExecuteRequest("/3416/0/16")).isSuccess()).isTrue();
        assertThat((Double) value("/3416/0/15")).isLessThan(0.01);
        assertThat(send(new org.eclipse.leshan.core.request.ExecuteRequest("/3418/0/7")).isSuccess()).isTrue();
        assertThat((Double) value("/3418/0/6")).isLessThan(0.01);
    }

    private java.util.Optional<org.streetnode.agent.lighting.LampControl.LampOverride> platformOverride() {
        return agent.lighting().orElseThrow().override(org.streetnode.agent.lighting.LampControl.LampOverride.Source.PLATFORM);
    }

    @Test
    void thePlatformSetsTheLightingProgramAndABadOneChangesNothing() throws Exception {
        String before = (String) value("/33101/0/0");
        assertThat(before).isEqualTo("dusk+10m 100, 23:00 40, 05:30 100, dawn-10m off");

        var bad = send(new WriteRequest(33101, 0, 0, "dusk 100, 25:00 40, dawn off"));
        assertThat(bad.getCode()).isEqualTo(org.eclipse.leshan.core.ResponseCode.BAD_REQUEST);
        assertThat(bad.getErrorMessage()).contains("25:00");
        assertThat(value("/33101/0/0")).isEqualTo(before);
        assertThat(agent.lighting().orElseThrow().program().program().format()).isEqualTo(before);

        assertThat(send(new WriteRequest(33101, 0, 0, "dusk 80, 22:00 30, dawn off")).isSuccess()).isTrue();
        assertThat(agent.lighting().orElseThrow().program().program().format()).isEqualTo("dusk 80, 22:00 30, dawn off");
        assertThat((String) value("/33101/0/1")).startsWith("server ");
        assertThat((String) value("/33101/0/2")).matches("\\d\\d:\\d\\d 80, 22:00 30, \\d\\d:\\d\\d off");

        assertThat(send(new ExecuteRequest(33101, 0, 3)).isSuccess()).isTrue();
        assertThat(value("/33101/0/0")).isEqualTo(before);
    }

    @Test
    void thePlatformSetsThePhotocellThresholdsAndInvertedOnesAreRefused() throws Exception {
        double on = (Double) value("/3419/0/1");
        double off = (Double) value("/3419/0/2");
        assertThat(on).isLessThan(off);

        var inverted = send(new WriteRequest(3419, 0, 1, 500.0));
        assertThat(inverted.getCode()).isEqualTo(org.eclipse.leshan.core.ResponseCode.BAD_REQUEST);
        assertThat(value("/3419/0/1")).isEqualTo(on);

        assertThat(send(new WriteRequest(3419, 0, 1, 20.0)).isSuccess()).isTrue();
        assertThat(send(new WriteRequest(3419, 0, 2, 80.0)).isSuccess()).isTrue();
        assertThat(agent.lighting().orElseThrow().photocell().thresholds())
                .isEqualTo(new org.streetnode.agent.lighting.PhotocellThresholds(20, 80));
        assertThat(value("/3419/0/3")).isInstanceOf(Boolean.class);
    }
}
