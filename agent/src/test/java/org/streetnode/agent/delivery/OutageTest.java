package org.streetnode.agent.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.streetnode.agent.Agent;
import org.streetnode.agent.config.ConfigLoader;
import org.streetnode.agent.config.TestConfigs;
import org.streetnode.agent.demo.EmbeddedLwm2mServer;
import org.streetnode.agent.demo.ReceivedReading;
import org.streetnode.agent.reading.Reading;
import org.streetnode.drivers.Quantity;

/**
 * The whole buffer path against a real Leshan server: the server goes away while the node
 * takes readings, comes back, and gets every one of them by LwM2M Send — oldest first, with
 * its original timestamp and value, no gaps, each (epoch, seq) once except inside one resent
 * batch — while fresh readings overtake the backlog and the replay keeps to its rate.
 */
class OutageTest {
    private static final String ENDPOINT = "node-under-test";
    private static final int BACKLOG = 300;
    private static final double REPLAY_PER_SECOND = 100;

    @TempDir
    Path dir;

    private EmbeddedLwm2mServer server;
    private Agent agent;
    /** Every reading the platform got, in arrival order, with when it arrived. */
    private final List<Arrival> arrivals = new CopyOnWriteArrayList<>();

    private record Arrival(ReceivedReading reading, long arrivedNanos) {
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

    private EmbeddedLwm2mServer startServer(int coapsPort) {
        EmbeddedLwm2mServer s = EmbeddedLwm2mServer.start(0, coapsPort, List.of())
                .allowPsk(ENDPOINT, ENDPOINT, HexFormat.of().parseHex(TestConfigs.PSK_HEX));
        s.onReadings(list -> list.forEach(r -> arrivals.add(new Arrival(r, System.nanoTime()))));
        return s;
    }

    private String config(String serverUri) {
        return TestConfigs.node(dir, serverUri)
                .set("lwm2m", "lifetime", "30s").set("lwm2m", "request_timeout", "2s")
                .set("lwm2m.retry", "attempts", 3).set("lwm2m.retry", "first_wait", "1s")
                .set("lwm2m.retry", "sequence_wait", "2s").set("lwm2m.retry", "sequences", 1000)
                .set("sampling", "period", "24h")
                .set("store", "commit_window", "200ms")
                .set("delivery", "max_batch_readings", 50)
                .set("delivery", "replay_readings_per_second", (long) REPLAY_PER_SECOND)
                .set("delivery", "replay_bytes_per_second", 0)
                .set("delivery", "max_replay_start_delay", "1s")
                .set("delivery", "initial_backoff", "200ms")
                .set("delivery", "max_backoff", "1s")
                .set("delivery", "send_timeout", "3s")
                .text();
    }

    private String path(String sensor, Quantity quantity) {
        return agent.lwm2m().readingPaths().path(sensor, quantity).orElseThrow().toString();
    }

    private List<ReceivedReading> received(String sensor, Quantity quantity) {
        String path = path(sensor, quantity);
        return arrivals.stream().map(Arrival::reading).filter(r -> r.path().toString().equals(path)).toList();
    }

    private long arrival(String sensor, Quantity quantity, boolean last) {
        String path = path(sensor, quantity);
        var times = arrivals.stream().filter(a -> a.reading().path().toString().equals(path)).mapToLong(Arrival::arrivedNanos);
        return last ? times.max().orElseThrow() : times.min().orElseThrow();
    }

    @Test
    void everyReadingTakenDuringAnOutageArrivesOnceItIsOver() throws Exception {
        server = startServer(0);
        int port = server.coapsUri().getPort();
        agent = Agent.create(ConfigLoader.load(TestConfigs.write(dir, config(server.coapsUri().toString()))),
                Clock.systemUTC(), () -> { });
        agent.start();
        await().atMost(Duration.ofSeconds(15)).until(() -> agent.registration().registered());
        // the simulated sensors' first readings get through while all is well
        await().atMost(Duration.ofSeconds(15)).until(() -> !arrivals.isEmpty());

        server.close();
        Instant t0 = Instant.parse("2026-11-20T00:00:00Z");
        Map<Long, Double> taken = new TreeMap<>();
        for (int i = 0; i < BACKLOG; i++) {
            Instant at = t0.plusSeconds(60L * i).plusMillis(i % 1000);
            Reading reading = new Reading("air", Quantity.TEMPERATURE, 5 + i / 100.0, at, true);
            agent.readings().publish(reading);
            // as the node records it: the value in single precision, the time to the second
            taken.put(at.getEpochSecond() * 1000, reading.value());
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> agent.buffer().status().orElseThrow().depth() >= BACKLOG);

        arrivals.clear();
        server = startServer(port);
        // the node notices the outage by itself (its Sends fail, its registration is refused)
        // and, once through again, replays the backlog; fresh readings taken meanwhile overtake it
        await().atMost(Duration.ofSeconds(30)).until(() -> !received("air", Quantity.TEMPERATURE).isEmpty());
        for (int i = 0; i < 3; i++) {
            agent.readings().publish(new Reading("climate", Quantity.HUMIDITY, 60 + i, Instant.now(), true));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> received("air", Quantity.TEMPERATURE).stream()
                .map(ReceivedReading::seq).distinct().count() >= BACKLOG);
        await().atMost(Duration.ofSeconds(5)).until(() -> received("climate", Quantity.HUMIDITY).size() >= 3);

        List<ReceivedReading> backlog = received("air", Quantity.TEMPERATURE);
        // each reading exactly as recorded: timestamp and value
        Map<Long, Double> got = new TreeMap<>();
        backlog.forEach(r -> got.put(r.timestamp().toEpochMilli(), (Double) r.value()));
        assertThat(got).isEqualTo(taken);

        // oldest first, no gaps: the distinct sequence numbers are consecutive, in arrival order
        List<Long> seqs = backlog.stream().map(ReceivedReading::seq).distinct().toList();
        assertThat(seqs).isSorted();
        assertThat(seqs.get(seqs.size() - 1) - seqs.get(0)).isEqualTo(BACKLOG - 1);
        assertThat(backlog).extracting(ReceivedReading::epoch).containsOnly(backlog.get(0).epoch());
        // duplicates only from a resent batch: never more than one batch's worth
        assertThat(backlog.size() - seqs.size()).isLessThanOrEqualTo(50);

        // the fresh readings did not wait for the backlog
        long lastBacklogArrival = arrival("air", Quantity.TEMPERATURE, true);
        long lastFreshArrival = arrival("climate", Quantity.HUMIDITY, true);
        assertThat(lastFreshArrival).isLessThan(lastBacklogArrival);

        // the replay kept to its rate: 300 readings at 100/s cannot take less than ~2.5 s (one
        // batch of burst allowed); a lower bound only, so a slow machine cannot make it fail
        long firstBacklogArrival = arrival("air", Quantity.TEMPERATURE, false);
        Duration drain = Duration.ofNanos(lastBacklogArrival - firstBacklogArrival);
        assertThat(drain).isGreaterThanOrEqualTo(Duration.ofMillis((long) ((BACKLOG - 2 * 50) / REPLAY_PER_SECOND * 1000)));
    }
}
