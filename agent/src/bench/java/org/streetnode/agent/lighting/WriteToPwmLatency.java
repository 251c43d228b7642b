package org.streetnode.agent.lighting;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import org.eclipse.leshan.core.request.ReadRequest;
import org.eclipse.leshan.core.request.WriteRequest;
import org.streetnode.agent.Agent;
import org.streetnode.agent.config.ConfigLoader;
import org.streetnode.agent.config.TestConfigs;
import org.streetnode.agent.demo.EmbeddedLwm2mServer;
import org.streetnode.drivers.emulator.EmulatedPwmOutput;

/**
 * End to end: the platform (a Leshan server on loopback) writes /3416/0/1 over DTLS-PSK to the
 * whole agent on the simulated board; measured from the Write leaving the server to the new duty
 * on the emulated PWM output. Baseline in the same run: the platform reading the same resource
 * (the same DTLS round trip with no lamp in it).
 * Run: agent/src/bench/lwm2m-bench.sh latency [WRITES]
 */
public final class WriteToPwmLatency {
    private static final String ENDPOINT = "node-under-test";

    private WriteToPwmLatency() {
    }

    public static void main(String[] args) throws Exception {
        int samples = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int warmup = samples / 5;
        Path dir = Files.createTempDirectory("write-latency");
        try (EmbeddedLwm2mServer server = EmbeddedLwm2mServer.start(List.of())
                .allowPsk(ENDPOINT, ENDPOINT, HexFormat.of().parseHex(TestConfigs.PSK_HEX))) {
            Agent agent = Agent.create(ConfigLoader.load(TestConfigs.write(dir,
                    TestConfigs.node(dir, server.coapsUri().toString()).set("sampling", "period", "24h"))),
                    Clock.systemUTC(), () -> { });
            agent.start();
            try {
                while (server.registration(ENDPOINT).isEmpty() || !agent.registration().registered()) {
                    Thread.sleep(20);
                }
                EmulatedPwmOutput pwm = agent.board().simulation().orElseThrow().emulatedIo().pwmOutput(0, 0).orElseThrow();
                var dimmer = agent.board().lamp().orElseThrow().dimmer();
                DutyWatcher watcher = new DutyWatcher(pwm);
                long[] write = new long[samples];
                long[] read = new long[samples];
                for (int i = 0; i < warmup + samples; i++) {
                    int level = i % 2 == 0 ? 30 : 70;
                    watcher.expect(dimmer.dutyFor(level));
                    long t0 = System.nanoTime();
                    var response = server.send(ENDPOINT, new WriteRequest(3416, 0, 1, (long) level), 5000);
                    if (response == null || !response.isSuccess()) {
                        throw new IllegalStateException("write refused: " + response);
                    }
                    long changedAt = watcher.awaitChange();
                    long t1 = System.nanoTime();
                    server.send(ENDPOINT, new ReadRequest(3416, 0, 1), 5000);
                    long t2 = System.nanoTime();
                    if (i >= warmup) {
                        write[i - warmup] = changedAt - t0;
                        read[i - warmup] = t2 - t1;
                    }
                }
                watcher.close();
                OverrideLatencyHarness.report("platform Write /3416/0/1 to PWM duty changed", write);
                OverrideLatencyHarness.report("baseline: platform Read /3416/0/1 round trip", read);
            } finally {
                agent.stop();
            }
        }
    }
}
