package org.streetnode.agent.lighting;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.streetnode.agent.board.Board;
import org.streetnode.agent.board.BoardFactory;
import org.streetnode.agent.config.ConfigLoader;
import org.streetnode.agent.config.StreetnodeConfig;
import org.streetnode.agent.config.TestConfigs;
import org.streetnode.agent.health.Health;
import org.streetnode.agent.lifecycle.AgentThreads;
import org.streetnode.agent.lighting.LampControl.LampOverride;
import org.streetnode.agent.reading.ReadingBus;
import org.streetnode.drivers.emulator.EmulatedPwmOutput;
import org.streetnode.drivers.port.Delay;

/**
 * The node side of "platform Write on 3416/0/1 to PWM change": from the call the 3416 write
 * handler makes ({@link LampControl#override}) to the new duty on the (emulated) PWM output,
 * through the real lighting service and its thread, on the wall clock. The CoAP/DTLS leg in
 * front of it needs the LwM2M objects and is not measured here.
 *
 * <pre>{@code
 * ./mvnw -q install -DskipTests
 * ./mvnw -q -Pbench -pl agent test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=org.streetnode.agent.lighting.OverrideLatencyHarness
 * }</pre>
 */
public final class OverrideLatencyHarness {
    private static final int WARMUP = 500;
    private static final int SAMPLES = 5000;

    private OverrideLatencyHarness() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("override-latency");
        StreetnodeConfig config = ConfigLoader.load(TestConfigs.write(dir, TestConfigs.minimal(dir, "coaps://127.0.0.1:9")));
        Files.createDirectories(config.node().dataDir());
        Clock clock = Clock.systemUTC();
        Board board = BoardFactory.open(config.board(), config.location(), clock, Delay.sleeping(), false);
        LightingService lighting = new LightingService(config, () -> board, new ReadingBus(), new Health(clock), clock,
                () -> true, AgentThreads.dedicated());
        lighting.start();
        EmulatedPwmOutput pwm = board.simulation().orElseThrow().emulatedIo().pwmOutput(0, 0).orElseThrow();
        try {
            long[] toPwm = new long[SAMPLES];
            long[] call = new long[SAMPLES];
            // A watcher sees the duty change while override() may still be writing the overrides file.
            DutyWatcher watcher = new DutyWatcher(pwm);
            for (int i = 0; i < WARMUP + SAMPLES; i++) {
                double level = i % 2 == 0 ? 30 : 70;
                watcher.expect(board.lamp().orElseThrow().dimmer().dutyFor(level));
                long t0 = System.nanoTime();
                lighting.override(new LampOverride(level, Optional.of(clock.instant().plus(Duration.ofHours(1))),
                        LampOverride.Source.PLATFORM, "bench"));
                long t1 = System.nanoTime();
                long changedAt = watcher.awaitChange();
                if (i >= WARMUP) {
                    call[i - WARMUP] = t1 - t0;
                    toPwm[i - WARMUP] = changedAt - t0;
                }
            }
            watcher.close();
            report("override() to PWM duty changed", toPwm);
            report("override() call (validate, wake, store, wait until applied)", call);
            report("baseline: wake a waiting thread that sets the duty", handoff(pwm));
        } finally {
            lighting.stop();
            board.close();
        }
    }

    /**
     * The floor under the figure above: a thread waiting on a monitor is notified and writes the
     * duty itself, seen by the same kind of watcher. No decision, no lamp driver, no file.
     */
    private static long[] handoff(EmulatedPwmOutput pwm) throws Exception {
        Object lock = new Object();
        AtomicReference<Double> next = new AtomicReference<>(Double.NaN);
        Thread writer = Thread.ofPlatform().daemon().start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                synchronized (lock) {
                    while (Double.isNaN(next.get())) {
                        try {
                            lock.wait();
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                }
                try {
                    pwm.setDutyCycle(next.getAndSet(Double.NaN));
                } catch (Exception e) {
                    return;
                }
            }
        });
        DutyWatcher watcher = new DutyWatcher(pwm);
        long[] out = new long[SAMPLES];
        for (int i = 0; i < WARMUP + SAMPLES; i++) {
            double duty = i % 2 == 0 ? 20 : 60;
            watcher.expect(duty);
            long t0 = System.nanoTime();
            synchronized (lock) {
                next.set(duty);
                lock.notifyAll();
            }
            long changedAt = watcher.awaitChange();
            if (i >= WARMUP) {
                out[i - WARMUP] = changedAt - t0;
            }
        }
        watcher.close();
        writer.interrupt();
        return out;
    }

    public static void report(String what, long[] nanos) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        System.out.println(String.format(Locale.ROOT, "%-52s n=%d  p50 %.3f ms  p99 %.3f ms  max %.3f ms", what, s.length,
                s[s.length / 2] / 1e6, s[(int) (s.length * 0.99)] / 1e6, s[s.length - 1] / 1e6));
    }
}
