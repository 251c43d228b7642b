package org.streetnode.drivers.emulator;

import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import org.streetnode.drivers.ads1115.Ads1115;
import org.streetnode.drivers.ads1115.Pga;

/**
 * An ADS1115 at register level: single-shot conversions started by OS = 1 that take 1/DR,
 * the OS bit reading 0 while converting, MUX and PGA as configured, and a two's-complement
 * conversion register that saturates at ±full scale, computed from target input voltages.
 */
public final class Ads1115Emulator extends WordRegisterEmulator {

    private static final int CONFIG_RESET = 0x8583;
    private static final int[] DATA_RATES = {8, 16, 32, 64, 128, 250, 475, 860};

    private final double[] inputVolts = new double[4];
    private double[] frozenInputs;
    private int config = CONFIG_RESET;
    private int loThresh = 0x8000;
    private int hiThresh = Ads1115.HI_THRESH_RESET;
    private int conversion;
    private Integer pending;
    private Instant readyAt = Instant.MIN;

    public Ads1115Emulator(Clock clock) {
        super(clock);
    }

    @Override
    public Set<Fault> supportedFaults() {
        return EnumSet.of(Fault.NO_ACK, Fault.WRONG_CHIP_ID, Fault.STUCK_VALUE, Fault.DISCONNECT_MID_TRANSFER,
                Fault.CONVERSION_STUCK, Fault.OUT_OF_RANGE);
    }

    /** The voltage at input AIN{@code input} against GND. */
    public void setInput(int input, double volts) {
        inputVolts[input] = volts;
    }

    @Override
    protected int readWord(int register) {
        settle();
        return switch (register) {
            case Ads1115.REG_CONVERSION -> conversion & 0xFFFF;
            case Ads1115.REG_CONFIG -> config & ~Ads1115.CONFIG_OS | (converting() ? 0 : Ads1115.CONFIG_OS);
            case Ads1115.REG_LO_THRESH -> loThresh;
            case Ads1115.REG_HI_THRESH -> has(Fault.WRONG_CHIP_ID) ? 0x0000 : hiThresh;
            default -> 0;
        };
    }

    @Override
    protected void writeWord(int register, int value) {
        settle();
        switch (register) {
            case Ads1115.REG_CONFIG -> {
                config = value & ~Ads1115.CONFIG_OS;
                if ((value & Ads1115.CONFIG_OS) != 0 && !converting()) {
                    start();
                }
            }
            case Ads1115.REG_LO_THRESH -> loThresh = value;
            case Ads1115.REG_HI_THRESH -> hiThresh = value;
            default -> {
                // the conversion register is read-only
            }
        }
    }

    private void start() {
        int rate = DATA_RATES[config >> 5 & 0b111];
        readyAt = now().plusNanos(1_000_000_000L / rate);
        Pga pga = Pga.ofBits(config >> 9 & 0b111);
        double volts = has(Fault.OUT_OF_RANGE) ? pga.fullScaleVolts() * 1.1 : muxVolts(config >> 12 & 0b111);
        long counts = Math.round(volts / pga.voltsPerCount());
        pending = Math.clamp(counts, Short.MIN_VALUE, Short.MAX_VALUE);
    }

    @Override
    protected void onInject(Fault fault) {
        if (fault == Fault.STUCK_VALUE) {
            frozenInputs = inputVolts.clone(); // the analog front end stops following its inputs
        }
    }

    /** Datasheet table 8: MUX 000..011 differential pairs, 100..111 single-ended. */
    private double muxVolts(int mux) {
        double[] inputVolts = has(Fault.STUCK_VALUE) ? frozenInputs : this.inputVolts;
        return switch (mux) {
            case 0b000 -> inputVolts[0] - inputVolts[1];
            case 0b001 -> inputVolts[0] - inputVolts[3];
            case 0b010 -> inputVolts[1] - inputVolts[3];
            case 0b011 -> inputVolts[2] - inputVolts[3];
            default -> inputVolts[mux - 0b100];
        };
    }

    private boolean converting() {
        return has(Fault.CONVERSION_STUCK) ? pending != null : now().isBefore(readyAt);
    }

    private void settle() {
        if (pending != null && !converting()) {
            conversion = pending;
            pending = null;
        }
    }
}
