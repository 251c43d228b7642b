package org.streetnode.agent.delivery;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.leshan.core.node.TimestampedLwM2mNodes;
import org.eclipse.leshan.core.request.SendRequest;
import org.eclipse.leshan.server.registration.Registration;
import org.eclipse.leshan.server.send.SendListener;
import org.streetnode.agent.Agent;
import org.streetnode.agent.config.ConfigLoader;
import org.streetnode.agent.config.DeliverySettings;
import org.streetnode.agent.config.TestConfigs;
import org.streetnode.agent.demo.EmbeddedLwm2mServer;
import org.streetnode.agent.demo.ReceivedReading;
import org.streetnode.agent.lwm2m.UdpRelay;
import org.streetnode.agent.reading.Reading;
import org.streetnode.drivers.Quantity;

/**
 * A 7-day backlog of the default sensor set (12 readings a minute) drained by the real agent
 * over loopback DTLS-PSK to a real Leshan server, without rate limit: readings per second and
 * SenML-CBOR payload bytes per reading, and the bytes on UDP (DTLS records both ways, counted by a
 * relay between node and server) per reading. Baseline in the same run: the same backlog through the
 * same store and delivery engine with a sender that acknowledges at once (the floor any uplink
 * could reach). Run: agent/src/bench/lwm2m-bench.sh drain
 */
public final class SendDrainBench {
    private static final int PER_MINUTE = 12;

    private SendDrainBench() {
    }

    /** The default sensor set of the simulated board: sensor and quantity of each of the 12. */
    private record Series(String sensor, Quantity quantity, double base) {
    }

    private static final List<Series> SERIES = List.of(
            new Series("air", Quantity.TEMPERATURE, 8.31), new Series("air", Quantity.HUMIDITY, 71.2),
            new Series("air", Quantity.PRESSURE, 1003.17), new Series("light", Quantity.ILLUMINANCE, 812.5),
            new Series("climate", Quantity.TEMPERATURE, 8.29), new Series("climate", Quantity.HUMIDITY, 71.4),
            new Series("lamp-power", Quantity.VOLTAGE, 24.012), new Series("lamp-power", Quantity.CURRENT, 1.372),
            new Series("lamp-power", Quantity.POWER, 32.94), new Series("noise", Quantity.SOUND_LEVEL, 48.7),
            new Series("pm", Quantity.PM2_5, 7.4), new Series("pm", Quantity.PM10, 12.9));

    public static void main(String[] args) throws Exception {
        int days = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        int total = days * 24 * 60 * PER_MINUTE;
        Path dir = Files.createTempDirectory("bench-send-drain");
        try (EmbeddedLwm2mServer server = EmbeddedLwm2mServer.start(List.of());
                UdpRelay relay = new UdpRelay(new java.net.InetSocketAddress("127.0.0.1", server.coapsUri().getPort()))) {
            AtomicLong payloadBytes = new AtomicLong();
            AtomicLong sends = new AtomicLong();
            Set<Long> seqs = ConcurrentHashMap.newKeySet();
            server.leshan().getSendService().addListener(new SendListener() {
                @Override
                public void dataReceived(Registration r, TimestampedLwM2mNodes data, SendRequest request) {
                    if (request.getCoapRequest() instanceof Request coap) {
                        payloadBytes.addAndGet(coap.getPayloadSize());
                    }
                    sends.incrementAndGet();
                    ReceivedReading.decode(data).forEach(x -> seqs.add(x.seq()));
                }

                @Override
                public void onError(Registration r, String message, Exception e) {
                    System.err.println("Send refused: " + message);
                }
            });
            Path config = config(dir, relay.coapsUri().toString());
            Agent agent = Agent.create(ConfigLoader.load(config), Clock.systemUTC(), () -> { });
            agent.start();
            try {
                Instant start = Instant.now().minus(Duration.ofDays(days)).truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
                for (int minute = 0; minute < days * 24 * 60; minute++) {
                    Instant at = start.plusSeconds(60L * minute);
                    for (int i = 0; i < SERIES.size(); i++) {
                        Series s = SERIES.get(i);
                        double v = Math.round((s.base() + (minute % 97) * 0.01 * (i + 1)) * 1000) / 1000.0;
                        agent.readings().publish(new Reading(s.sensor(), s.quantity(), v, at.plusMillis(37L * i), true));
                    }
                }
                long waitUntil = System.nanoTime() + Duration.ofMinutes(2).toNanos();
                while (agent.buffer().status().orElseThrow().depth() < total) {
                    if (System.nanoTime() > waitUntil) {
                        throw new IllegalStateException("the backlog did not build up: " + agent.buffer().status().orElseThrow());
                    }
                    Thread.sleep(100);
                }
                // counted from the server's side of the registration: before any Send can leave
                var registered = new java.util.concurrent.CompletableFuture<UdpRelay.Traffic>();
                server.onRegistered(r -> registered.complete(relay.traffic()));
                server.allowPsk(TestConfigs.ENDPOINT, TestConfigs.ENDPOINT, HexFormat.of().parseHex(TestConfigs.PSK_HEX));
                while (!agent.registration().registered()) {
                    Thread.sleep(10);
                }
                long t0 = System.nanoTime();
                while (seqs.size() < total) {
                    Thread.sleep(5);
                }
                double seconds = (System.nanoTime() - t0) / 1e9;
                while (agent.buffer().status().orElseThrow().deliveredReadings() < total) {
                    Thread.sleep(5); // the last acknowledgement is on its way back
                }
                UdpRelay.Traffic drain = relay.traffic().minus(registered.get());
                System.out.printf("LwM2M Send drain of a %d-day backlog (%,d readings, %d Sends, default batches and Send size, no rate limit,"
                        + " loopback DTLS-PSK): %.2f s, %,.0f readings/s%n", days, total, sends.get(), seconds, total / seconds);
                System.out.printf("SenML-CBOR payload: %.1f bytes per reading (%,d bytes, Reading Sequence header included)%n",
                        payloadBytes.get() / (double) total, payloadBytes.get());
                System.out.printf("on UDP (DTLS records, both ways): %.1f bytes per reading (%,d bytes in %,d datagrams: %,d bytes in %,d"
                        + " to the server, %,d bytes in %,d back); with registration and DTLS handshake: %,d bytes%n",
                        drain.bytes() / (double) total, drain.bytes(), drain.datagrams(), drain.bytesUp(), drain.datagramsUp(),
                        drain.bytesDown(), drain.datagramsDown(), relay.traffic().bytes());
            } finally {
                agent.stop();
            }
        }
        baseline(days, total);
    }

    /** The same backlog through the same store and engine, acknowledged at once: no network, no encoding. */
    private static void baseline(int days, int total) throws Exception {
        Path dir = Files.createTempDirectory("bench-send-drain-baseline");
        Clock clock = Clock.systemUTC();
        try (var store = org.streetnode.agent.store.ReadingStore.open(
                org.streetnode.agent.config.StoreSettings.defaults(dir), clock, org.streetnode.agent.store.BootClock.system())) {
            Instant start = Instant.now().minus(Duration.ofDays(days));
            for (int minute = 0; minute < days * 24 * 60; minute++) {
                for (int i = 0; i < SERIES.size(); i++) {
                    Series s = SERIES.get(i);
                    store.append(new Reading(s.sensor(), s.quantity(), s.base(), start.plusSeconds(60L * minute + i), true));
                }
                if (minute % 60 == 59) {
                    store.flush(); // an hour per commit: the memory queue never overflows
                }
            }
            store.flush();
            UplinkState uplink = new UplinkState();
            uplink.setRegistered(true);
            DeliveryEngine engine = new DeliveryEngine(store,
                    b -> java.util.concurrent.CompletableFuture.completedFuture(new SendOutcome.Acknowledged()), uplink,
                    DeliverySettings.defaults().unlimited(), clock, new java.util.Random(1));
            long t0 = System.nanoTime();
            while (engine.metrics().deliveredReadings() < total) {
                engine.tick();
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf("baseline, same run: the same backlog through store and engine, acknowledged at once: %.2f s,"
                    + " %,.0f readings/s%n", seconds, total / seconds);
        }
    }

    private static Path config(Path dir, String serverUri) throws Exception {
        return TestConfigs.write(dir, TestConfigs.node(dir, serverUri)
                .set("lwm2m", "lifetime", "5m")
                .set("lwm2m.retry", "first_wait", "1s").set("lwm2m.retry", "sequence_wait", "2s")
                .set("lwm2m.retry", "sequences", 1000)
                .set("sampling", "period", "24h")
                .set("store", "commit_window", "1s").set("store", "max_window_readings", 20000)
                .set("store", "memory_queue_capacity", 200000).set("store", "quota", "256MB")
                .set("delivery", "replay_readings_per_second", 0).set("delivery", "replay_bytes_per_second", 0)
                .set("delivery", "max_replay_start_delay", "0s"));
    }
}
