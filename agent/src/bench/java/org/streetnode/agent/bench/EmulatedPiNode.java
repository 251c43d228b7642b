package org.streetnode.agent.bench;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import org.streetnode.agent.Agent;
import org.streetnode.agent.cli.NativeCache;
import org.streetnode.agent.config.BoardProfile;
import org.streetnode.agent.config.ConfigLoader;
import org.streetnode.agent.config.LampSpec;
import org.streetnode.agent.config.SensorSpec;
import org.streetnode.agent.config.StreetnodeConfig;
import org.streetnode.agent.logging.Logging;
import org.streetnode.agent.lwm2m.transport.DtlsWarmUp;
import org.streetnode.agent.time.ClockSync;
import org.streetnode.drivers.emulator.Ads1115Emulator;
import org.streetnode.drivers.emulator.Bh1750Emulator;
import org.streetnode.drivers.emulator.Bme280Emulator;
import org.streetnode.drivers.emulator.EmulatedBoardIo;
import org.streetnode.drivers.emulator.EmulatedPwmOutput;
import org.streetnode.drivers.emulator.Ina219Emulator;
import org.streetnode.drivers.emulator.PirEmulator;
import org.streetnode.drivers.emulator.Sds011Emulator;
import org.streetnode.drivers.emulator.Sht31Emulator;
import org.streetnode.drivers.port.BoardIo;
import org.streetnode.drivers.port.Delay;
import sun.misc.Signal;

/**
 * A real node's agent without its Pi, for {@link FootprintBenchmark}: {@code streetnode run} on a
 * {@code raspberry-pi} board profile, every part as on a node (board, sampling, lighting, buffer,
 * delivery, LwM2M, shell), but the profile's sensors and lamp are wired to the register-level
 * emulators ({@code drivers/emulator}) instead of Pi4J, with their inputs held still: a calm
 * evening (12 °C, 70 %, 1005 hPa, 2 lx, 45 dB, 8/12 µg/m³ PM, nobody passing). No simulated
 * world runs, so what it costs is what the agent itself costs. The one thing that moves is the
 * INA219 on the lamp's supply, which reads what the lamp draws as the relay and dimmer leave it
 * (as wired; worked out when a port is used, on the agent's own threads).
 *
 * <p>The wall clock counts as synchronised, as on a node with NTP (this machine's kernel may say
 * otherwise: containers often run unsynchronised).
 *
 * <p>Arguments as {@code streetnode run}: {@code run --config FILE}. Stops on SIGTERM or SIGINT.
 */
public final class EmulatedPiNode {
    private static final double LAMP_WATTS = 60;
    private static final double SUPPLY_VOLTS = 24;

    private EmulatedPiNode() {
    }

    public static void main(String[] args) throws Exception {
        NativeCache.prepare(); // as streetnode's own main: the launcher's native libraries
        int at = java.util.Arrays.asList(args).indexOf("--config");
        if (at < 0 || at + 1 >= args.length) {
            System.err.println("usage: run --config FILE");
            System.exit(2);
        }
        StreetnodeConfig config = ConfigLoader.load(Path.of(args[at + 1]));
        if (config.board().kind() != BoardProfile.Kind.RASPBERRY_PI) {
            System.err.println("the emulated Pi needs a raspberry-pi board profile, not " + config.board().source());
            System.exit(2);
        }
        Logging.configure(config.logging());
        DtlsWarmUp.begin(); // as streetnode run
        CountDownLatch stop = new CountDownLatch(1);
        Signal.handle(new Signal("TERM"), s -> stop.countDown());
        Signal.handle(new Signal("INT"), s -> stop.countDown());
        Agent agent = Agent.create(config, Clock.systemUTC(), stop::countDown, EmulatedPiNode::stillEmulators,
                ClockSync.trusted());
        agent.start();
        stop.await();
        agent.stop();
        Logging.shutdown();
    }

    /** The profile's devices as emulators at the addresses, pins and device the profile names. */
    static BoardIo stillEmulators(BoardProfile profile) {
        Clock clock = Clock.systemUTC();
        EmulatedBoardIo io = new EmulatedBoardIo(clock, Delay.sleeping());
        for (SensorSpec spec : profile.sensors()) {
            switch (spec) {
                case SensorSpec.Bme280 s -> io.attach(s.bus(), s.address(), new Bme280Emulator(clock))
                        .setConditions(12, 70, 1005);
                case SensorSpec.Bh1750 s -> io.attach(s.bus(), s.address(), new Bh1750Emulator(clock)).setIlluminance(2);
                case SensorSpec.Sht31 s -> io.attach(s.bus(), s.address(), new Sht31Emulator(clock)).setConditions(12, 70);
                case SensorSpec.Ina219 s -> io.attach(s.bus(), s.address(), new Ina219Emulator(clock, s.shuntOhms()));
                case SensorSpec.Ads1115 s -> io.attach(s.bus(), s.address(), new Ads1115Emulator(clock))
                        .setInput(s.channel(), (45 - s.offset()) / s.perVolt());
                case SensorSpec.Sds011 s -> io.attach(s.device(), new Sds011Emulator(clock.instant(), 0x5A5A))
                        .setConcentrations(8, 12);
                case SensorSpec.Pir s -> new PirEmulator(io.pin(s.pin())).output(false, clock.instant());
            }
        }
        profile.lamp().ifPresent(lamp -> io.addTimeListener(now -> feedMeter(io, profile, lamp, now)));
        return io;
    }

    /** The INA219 named by the lamp reads the lamp's draw: rated power times duty while lit. */
    private static void feedMeter(EmulatedBoardIo io, BoardProfile profile, LampSpec lamp, Instant now) {
        boolean energised = io.pin(lamp.relayPin()).isHigh() == lamp.relayActiveHigh();
        boolean lit = energised != lamp.failSafeOn(); // fail-safe on: the normally-closed contact
        double duty = io.pwmOutput(lamp.pwmChip(), lamp.pwmChannel()).map(EmulatedPwmOutput::dutyCycle).orElse(100.0);
        double amps = lit ? LAMP_WATTS * duty / 100 / SUPPLY_VOLTS : 0;
        lamp.powerSensor().flatMap(profile::sensor).ifPresent(spec -> {
            if (spec instanceof SensorSpec.Ina219 s) {
                io.emulator(s.bus(), s.address()).map(Ina219Emulator.class::cast)
                        .ifPresent(ina -> ina.setSupply(SUPPLY_VOLTS, amps));
            }
        });
    }
}
