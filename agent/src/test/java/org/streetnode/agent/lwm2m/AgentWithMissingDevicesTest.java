package org.streetnode.agent.lwm2m;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.eclipse.leshan.core.node.LwM2mMultipleResource;
import org.eclipse.leshan.core.node.LwM2mSingleResource;
import org.eclipse.leshan.core.request.ReadRequest;
import org.eclipse.leshan.core.response.ReadResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.streetnode.agent.Agent;
import org.streetnode.agent.config.ConfigLoader;
import org.streetnode.agent.config.StreetnodeConfig;
import org.streetnode.agent.config.TestConfigs;
import org.streetnode.agent.demo.EmbeddedLwm2mServer;
import org.streetnode.agent.lighting.LampControl.LampStatus;
import org.streetnode.agent.sampling.SensorHealth;
import org.streetnode.agent.sampling.SensorStatus;
import org.streetnode.agent.shell.Command;
import org.streetnode.agent.shell.client.AgentQuery;
import org.streetnode.drivers.emulator.Fault;
import org.streetnode.drivers.sim.DeviceAddress;
import org.streetnode.drivers.sim.SimulatedBoard;

/**
 * The whole agent on the simulated board with the particulate sensor's USB adapter and the
 * PIR's GPIO line unplugged at start ({@code [[simulation.fault]] fault = "unplugged"}): it
 * starts, registers with the test's Leshan server, runs its lighting program and reads its other
 * sensors; the two sensors are FAILED with the reason, in the shell and as Device error code 8.
 * Plugged back in, they are read again at their next retry and the fault clears. The agent's
 * clock is the system clock, moved on by the test to reach the retry without waiting for it.
 */
class AgentWithMissingDevicesTest {
    private static final String ENDPOINT = NodeFixture.ENDPOINT;

    @TempDir
    Path dir;

    private EmbeddedLwm2mServer server;
    private Agent agent;

    /** The system clock, moved on by {@link #skip}. */
    private static final class SkippingClock extends Clock {
        private volatile Duration ahead = Duration.ZERO;

        void skip(Duration d) {
            ahead = ahead.plus(d);
        }

        @Override
        public Instant instant() {
            return Instant.now().plus(ahead);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }

    @AfterEach
    void stop() {
        if (agent != null) {
            agent.stop();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void anAgentStartedWithoutTwoOfItsDevicesRegistersLightsAndReadsTheRestThenTheirReturn() throws Exception {
        Path boards = Files.createDirectories(dir.resolve("boards"));
        Files.writeString(boards.resolve("simulated.toml"), Files.readString(Path.of("../config/boards/simulated.toml"))
                + "\n[[simulation.fault]]\nsensor = \"pm\"\nfault = \"unplugged\"\n"
                + "\n[[simulation.fault]]\nsensor = \"presence\"\nfault = \"unplugged\"\n");
        server = EmbeddedLwm2mServer.start(List.of())
                .allowPsk(ENDPOINT, ENDPOINT, HexFormat.of().parseHex(TestConfigs.PSK_HEX));
        StreetnodeConfig config = ConfigLoader.load(TestConfigs.write(dir, TestConfigs.minimal(dir, server.coapsUri().toString())));
        SkippingClock clock = new SkippingClock();
        agent = Agent.create(config, clock, () -> { });
        agent.start();

        await().atMost(Duration.ofSeconds(10)).until(() -> server.registration(ENDPOINT).isPresent()
                && agent.registration().registered());
        await().atMost(Duration.ofSeconds(10)).until(() -> health("pm") == SensorHealth.FAILED
                && health("presence") == SensorHealth.FAILED && health("air") == SensorHealth.OK);
        JsonNode sensors = AgentQuery.ask(config.shell().socket(), Command.SENSORS, Duration.ofSeconds(5));
        Map<String, JsonNode> byId = StreamSupport.stream(sensors.spliterator(), false)
                .collect(Collectors.toMap(s -> s.path("id").asText(), s -> s));
        assertThat(byId.get("pm").path("health").asText()).isEqualTo("FAILED");
        assertThat(byId.get("pm").path("lastError").asText()).isEqualTo("device unavailable: no serial device /dev/serial0");
        assertThat(byId.get("presence").path("lastError").asText())
                .isEqualTo("device unavailable: GPIO23 cannot be requested: the line is not there");
        assertThat(errorCodes()).containsExactly(8L);
        assertThat(value("/3303/0/5700")).as("the BME280 is read and served").isInstanceOf(Double.class);

        // the lighting program drives the lamp, with no fault of its own
        LampStatus lamp = agent.lighting().orElseThrow().status();
        assertThat(lamp.reason()).startsWith("program (");
        SimulatedBoard sim = agent.board().simulation().orElseThrow();
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(
                sim.emulatedIo().pwmOutput(0, 0).orElseThrow().dutyCycle()).isCloseTo(
                        agent.board().lamp().orElseThrow().dimmer().dutyFor(agent.lighting().orElseThrow().status().target()),
                        org.assertj.core.data.Offset.offset(0.1)));
        assertThat(agent.health().fault("lamp:control")).isEmpty();

        sim.clearFault(DeviceAddress.serial("/dev/serial0"), Fault.UNPLUGGED); // plugged back in
        sim.clearFault(DeviceAddress.gpio(23), Fault.UNPLUGGED);
        clock.skip(Duration.ofSeconds(6)); // past the first retry, 5 s after the first try
        await().atMost(Duration.ofSeconds(10)).until(() -> health("pm") == SensorHealth.OK
                && health("presence") == SensorHealth.OK);
        await().atMost(Duration.ofSeconds(5)).until(() -> errorCodes().equals(List.of(0L)));
        assertThat(agent.readings().latest("pm", org.streetnode.drivers.Quantity.PM10)).isPresent();
    }

    private SensorHealth health(String id) {
        return agent.sensors().stream().filter(s -> s.id().equals(id)).map(SensorStatus::health).findFirst().orElseThrow();
    }

    private Object value(String path) throws InterruptedException {
        ReadResponse r = server.send(ENDPOINT, new ReadRequest(path), 5000);
        assertThat(r.isSuccess()).as("read %s: %s", path, r.getCode()).isTrue();
        return ((LwM2mSingleResource) r.getContent()).getValue();
    }

    private List<Long> errorCodes() throws InterruptedException {
        ReadResponse r = server.send(ENDPOINT, new ReadRequest("/3/0/11"), 5000);
        assertThat(r.isSuccess()).isTrue();
        return ((LwM2mMultipleResource) r.getContent()).getInstances().values().stream()
                .map(i -> (Long) i.getValue()).toList();
    }
}
