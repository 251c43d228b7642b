package org.streetnode.agent.lighting.monitor;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.streetnode.agent.config.LightingConfig;

/**
 * The child JVM of {@link CounterCrashTest}: the lamp monitor on the simulated INA219, running
 * as fast as it can with counters written every 10 s of (manual) clock, the lamp switched off
 * and on every minute. Prints what it found at start and every save that reached the disk,
 * until it is killed.
 */
public final class CounterCrashChild {
    private CounterCrashChild() {
    }

    public static void main(String[] args) throws Exception {
        LightingConfig.Monitor d = LightingConfig.defaults().monitor();
        LightingConfig.Monitor fast = new LightingConfig.Monitor(d.minOnCurrent(), d.maxOffCurrent(), d.minSupplyVoltage(),
                d.failureDelay(), d.cyclingSwitches(), d.cyclingWindow(), d.fullPowerWatts(), Duration.ofSeconds(10));
        MeterRig rig = new MeterRig(Path.of(args[0]), fast);
        System.out.println("loaded " + line(rig.status().counters()));
        System.out.flush();
        Optional<CounterStore.Saved> printed = rig.store.lastSaved();
        for (long i = 0; ; i++) {
            rig.command(i % 6 == 5 ? 0 : 100);
            rig.run(MeterRig.SAMPLE_PERIOD);
            Optional<CounterStore.Saved> saved = rig.store.lastSaved();
            if (!saved.equals(printed)) {
                printed = saved;
                System.out.println("saved " + line(saved.orElseThrow().counters()));
                System.out.flush();
            }
        }
    }

    static String line(Counters c) {
        return c.burningMillis() + " " + c.switchCount() + " " + c.energyWh();
    }
}
