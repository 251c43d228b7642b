package org.streetnode.agent.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.leshan.core.node.LwM2mObjectInstance;
import org.eclipse.leshan.core.request.ReadRequest;
import org.eclipse.leshan.core.response.ReadResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.streetnode.agent.Agent;
import org.streetnode.agent.config.ConfigLoader;
import org.streetnode.agent.config.TestConfigs;
import org.streetnode.agent.demo.EmbeddedLwm2mServer;
import org.streetnode.agent.demo.ReceivedFaultEvent;
import org.streetnode.agent.demo.ReceivedReading;
import org.streetnode.agent.health.Fault;
import org.streetnode.agent.health.FaultEvent;
import org.streetnode.agent.lighting.LampControl.LampOverride;
import org.streetnode.drivers.Quantity;
import org.streetnode.drivers.sim.DeviceAddress;
import org.streetnode.drivers.sim.SimulatedBoard;

/**
 * The fault history end to end: the whole agent on the simulated board, its faults arising from
 * its (emulated) hardware and its buffer, delivered by LwM2M Send to a real Leshan server and
 * decoded there as a platform decodes them. A lamp failure during a platform outage arrives once
 * the platform is back, with the time it happened, ahead of the readings taken during the
 * outage; a sensor that failed and recovered is two events with their times; a buffer found
 * corrupt at start is an event of the fresh buffer, with the time of the quarantine.
 */
class FaultHistoryTest {
    private static final String ENDPOINT = "node-under-test";

    @TempDir
    Path dir;

    private EmbeddedLwm2mServer server;
    private Agent agent;
    /** Every reading the platform got (fault events' Raised among them), in arrival order. */
    private final List<ReceivedReading> arrivals = new CopyOnWriteArrayList<>();
    private final List<ReceivedFaultEvent> events = new CopyOnWriteArrayList<>();
    /** Every fault raised and cleared on the node, as it happened. */
    private final List<FaultEvent> raisedAndCleared = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        if (agent != null) {
            agent.stop();
        }
        if (server != null) {
            server.close();
        }
    }

    private EmbeddedLwm2mServer startServer(int coapsPort) {
        EmbeddedLwm2mServer s = EmbeddedLwm2mServer.start(0, coapsPort, List.of())
                .allowPsk(ENDPOINT, ENDPOINT, HexFormat.of().parseHex(TestConfigs.PSK_HEX));
        s.onReadings(arrivals::addAll);
        s.onFaultEvents(events::addAll);
        return s;
    }

    /** The agent with the simulated board's lamp meter read every second and lamp failures raised at once. */
    private void startAgent() throws Exception {
        Path boards = Files.createDirectories(dir.resolve("boards"));
        String profile = Files.readString(Path.of("../config/boards/simulated.toml"));
        assertThat(profile).contains("shunt_ohms = 0.1\nmax_current = 3.2\nperiod = \"10s\"");
        Files.writeString(boards.resolve("simulated.toml"), profile.replace(
                "shunt_ohms = 0.1\nmax_current = 3.2\nperiod = \"10s\"", "shunt_ohms = 0.1\nmax_current = 3.2\nperiod = \"1s\""));
        String config = TestConfigs.minimal(dir, server.coapsUri().toString()).replace("[lwm2m]\n", """
                [lwm2m]
                lifetime = "30s"
                request_timeout = "2s"
                """) + """

                [lwm2m.retry]
                attempts = 3
                first_wait = "1s"
                sequence_wait = "2s"
                sequences = 1000

                [sampling]
                period = "1s"

                [lighting.monitor]
                failure_delay = "0s"

                [store]
                commit_window = "1s"

                [delivery]
                replay_bytes_per_second = 0
                max_replay_start_delay = "1s"
                initial_backoff = "200ms"
                max_backoff = "1s"
                send_timeout = "3s"
                """;
        agent = Agent.create(ConfigLoader.load(TestConfigs.write(dir, config)), Clock.systemUTC(), () -> { });
        agent.health().onEvent(raisedAndCleared::add);
        agent.start();
        await().atMost(Duration.ofSeconds(15)).until(() -> agent.registration().registered());
    }

    private FaultEvent happened(String source, boolean raised) {
        return raisedAndCleared.stream().filter(e -> e.fault().source().equals(source) && e.raised() == raised)
                .findFirst().orElseThrow();
    }

    private Optional<ReceivedFaultEvent> received(String source, boolean raised) {
        return events.stream().filter(e -> e.source().equals(source) && e.raised() == raised).findFirst();
    }

    private void override(double level) {
        agent.lighting().orElseThrow().override(new LampOverride(level, Optional.empty(), LampOverride.Source.PLATFORM,
                "test"));
    }

    @Test
    void aLampFailureDuringAnOutageArrivesOnceThePlatformIsBackWithItsTimeAheadOfTheOutagesBacklog() throws Exception {
        server = startServer(0);
        int port = server.coapsUri().getPort();
        startAgent();
        await().atMost(Duration.ofSeconds(15)).until(() -> !arrivals.isEmpty());

        // the lamp off, its meter reading no current; then the meter shows nothing more: whatever
        // the lamp does from now on, it seems to draw no current
        Instant off = Instant.now();
        override(0);
        await().atMost(Duration.ofSeconds(10)).until(() -> agent.readings().latest("lamp-power", Quantity.CURRENT)
                .filter(r -> r.timestamp().isAfter(off.plusSeconds(1)) && r.value() < 0.01).isPresent());
        SimulatedBoard sim = agent.board().simulation().orElseThrow();
        sim.injectFault(DeviceAddress.i2c(1, 0x40), org.streetnode.drivers.emulator.Fault.STUCK_VALUE);

        server.close(); // the platform goes away
        override(100); // commanded on, and dark: after the lamp's settling time, a lamp failure
        await().atMost(Duration.ofSeconds(20)).until(() -> agent.health().fault("lamp:failure").isPresent());
        FaultEvent failure = happened("lamp:failure", true);
        Thread.sleep(2_000); // the node goes on taking readings, for the backlog

        arrivals.clear();
        Instant back = Instant.now();
        server = startServer(port);
        await().atMost(Duration.ofSeconds(30)).until(() -> received("lamp:failure", true).isPresent());
        // readings taken during the outage follow, as backlog
        await().atMost(Duration.ofSeconds(30)).until(() -> arrivals.stream().filter(r -> r.path().getObjectId() != 33103
                && r.timestamp().isBefore(back.truncatedTo(ChronoUnit.SECONDS))).count() >= 20);

        ReceivedFaultEvent event = received("lamp:failure", true).orElseThrow();
        assertThat(event.timestamp()).as("when it happened, to the second")
                .isEqualTo(failure.at().truncatedTo(ChronoUnit.SECONDS)).isBefore(back);
        assertThat(event.kind()).isEqualTo("lamp");
        assertThat(event.errorCode()).isEqualTo(17);
        assertThat(event.message()).startsWith("lamp failure: commanded on at 100 % but it draws");
        assertThat(event.unsynchronised()).isFalse();

        int alarmAt = indexOf(event);
        List<ReceivedReading> backlog = arrivals.stream().filter(r -> r.path().getObjectId() != 33103
                && r.timestamp().isBefore(back.truncatedTo(ChronoUnit.SECONDS))).toList();
        assertThat(backlog).allSatisfy(r -> assertThat(arrivals.indexOf(r)).as("%s taken at %s", r.path(), r.timestamp())
                .isGreaterThan(alarmAt));
        assertThat(backlog).extracting(ReceivedReading::epoch).containsOnly(event.epoch());
    }

    @Test
    void aSensorThatFailedAndRecoveredIsTwoEventsWithTheirTimes() throws Exception {
        server = startServer(0);
        startAgent();
        SimulatedBoard sim = agent.board().simulation().orElseThrow();
        DeviceAddress pm = DeviceAddress.serial("/dev/serial0");

        sim.injectFault(pm, org.streetnode.drivers.emulator.Fault.UNPLUGGED); // the USB adapter pulled out
        await().atMost(Duration.ofSeconds(10)).until(() -> agent.health().fault("sensor:pm").isPresent());
        sim.clearFault(pm, org.streetnode.drivers.emulator.Fault.UNPLUGGED); // and back, read at the next retry
        await().atMost(Duration.ofSeconds(20)).until(() -> received("sensor:pm", false).isPresent());

        ReceivedFaultEvent failed = received("sensor:pm", true).orElseThrow();
        ReceivedFaultEvent recovered = received("sensor:pm", false).orElseThrow();
        assertThat(failed.timestamp()).isEqualTo(happened("sensor:pm", true).at().truncatedTo(ChronoUnit.SECONDS));
        assertThat(recovered.timestamp()).isEqualTo(happened("sensor:pm", false).at().truncatedTo(ChronoUnit.SECONDS))
                .isAfter(failed.timestamp());
        assertThat(List.of(failed, recovered)).allSatisfy(e -> {
            assertThat(e.kind()).isEqualTo("peripheral");
            assertThat(e.errorCode()).isEqualTo(Fault.Kind.PERIPHERAL.errorCode());
            assertThat(e.message()).startsWith("sensor pm failed: device unavailable");
        });
        assertThat(recovered.seq()).isGreaterThan(failed.seq());
        assertThat(events).filteredOn(e -> e.source().equals("sensor:pm")).as("one event per transition").hasSize(2);

        // read directly, the object shows the latest event
        ReadResponse read = server.send(ENDPOINT, new ReadRequest(33103, 0), 5_000);
        assertThat(read.isSuccess()).isTrue();
        LwM2mObjectInstance latest = (LwM2mObjectInstance) read.getContent();
        assertThat(latest.getResource(1).getValue()).isEqualTo("sensor:pm");
        assertThat(latest.getResource(0).getValue()).isEqualTo(false);
    }

    @Test
    void aBufferQuarantinedAtStartIsAnEventOfTheFreshBufferWithTheTimeOfTheQuarantine() throws Exception {
        Path store = Files.createDirectories(dir.resolve("data/store"));
        Files.write(store.resolve("readings.db"), "this is not a database, it is garbage".repeat(200).getBytes());
        Instant before = Instant.now();
        server = startServer(0);
        startAgent();
        Instant started = Instant.now();

        await().atMost(Duration.ofSeconds(15)).until(() -> received("store:quarantined", true).isPresent());
        ReceivedFaultEvent event = received("store:quarantined", true).orElseThrow();
        Instant quarantined = agent.health().fault("store:quarantined").orElseThrow().since();
        assertThat(quarantined).isBetween(before, started);
        assertThat(event.timestamp()).isEqualTo(quarantined.truncatedTo(ChronoUnit.SECONDS));
        assertThat(event.epoch()).as("the fresh store's").isEqualTo(agent.buffer().status().orElseThrow().epoch());
        assertThat(event.errorCode()).isEqualTo(16);
        assertThat(event.message()).contains("quarantine");
        assertThat(Files.list(store.resolve("quarantine")).count()).isEqualTo(1);
    }

    private int indexOf(ReceivedFaultEvent event) {
        for (int i = 0; i < arrivals.size(); i++) {
            ReceivedReading r = arrivals.get(i);
            if (r.epoch() == event.epoch() && r.seq() == event.seq()) {
                return i;
            }
        }
        throw new AssertionError("the event is not among the arrivals");
    }
}
