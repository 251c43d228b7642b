package org.streetnode.drivers.emulator;

import java.time.Clock;
import java.util.EnumSet;
import java.util.Set;
import org.streetnode.drivers.ina219.Ina219;

/**
 * An INA219 at register level, with a physical shunt: the shunt and bus registers follow the
 * target current and bus voltage (clamped to the PGA range), the current and power registers
 * are derived from the calibration register exactly as the chip does (datasheet 8.5.1), and a
 * reset or brown-out puts configuration 0x399F and calibration 0 back.
 */
public final class Ina219Emulator extends WordRegisterEmulator {

    /** What an INA226 holds in its configuration register: a different chip at the address. */
    public static final int INA226_CONFIG = 0x4127;

    private final double shuntOhms;
    private int config = Ina219.CONFIG_RESET_VALUE;
    private int calibration;
    private double busVolts;
    private double amps;
    private int shuntReg;
    private int busCounts;

    public Ina219Emulator(Clock clock, double shuntOhms) {
        super(clock);
        this.shuntOhms = shuntOhms;
    }

    @Override
    public Set<Fault> supportedFaults() {
        return EnumSet.of(Fault.NO_ACK, Fault.WRONG_CHIP_ID, Fault.STUCK_VALUE, Fault.DISCONNECT_MID_TRANSFER,
                Fault.BROWN_OUT, Fault.OUT_OF_RANGE);
    }

    /** The supply the chip sees: bus voltage at VIN−, current through the shunt. */
    public void setSupply(double busVolts, double amps) {
        this.busVolts = busVolts;
        this.amps = amps;
    }

    public int calibrationRegister() {
        return calibration;
    }

    @Override
    protected void onInject(Fault fault) {
        if (fault == Fault.BROWN_OUT) {
            reset();
            clear(Fault.BROWN_OUT);
        }
    }

    @Override
    protected int readWord(int register) {
        convert();
        return switch (register) {
            case Ina219.REG_CONFIG -> has(Fault.WRONG_CHIP_ID) ? INA226_CONFIG : config;
            case Ina219.REG_SHUNT -> shuntReg & 0xFFFF;
            case Ina219.REG_BUS -> busCounts << 3 | 0b10 | (overflow() ? 1 : 0);
            case Ina219.REG_POWER -> calibration == 0 ? 0 : (int) Math.min(0xFFFF, Math.abs(current()) * busCounts / 5000);
            case Ina219.REG_CURRENT -> calibration == 0 ? 0 : (short) Math.clamp(current(), -32768, 32767) & 0xFFFF;
            case Ina219.REG_CALIBRATION -> calibration;
            default -> 0;
        };
    }

    @Override
    protected void writeWord(int register, int value) {
        if (register == Ina219.REG_CONFIG) {
            if ((value & Ina219.CONFIG_RST) != 0) {
                reset();
            } else {
                config = value;
            }
        } else if (register == Ina219.REG_CALIBRATION) {
            calibration = value & 0xFFFE; // bit 0 is read-only zero
        }
    }

    private void reset() {
        config = Ina219.CONFIG_RESET_VALUE;
        calibration = 0;
    }

    /** The ADC results for the present targets, unless the values are stuck. */
    private void convert() {
        if (has(Fault.STUCK_VALUE)) {
            return;
        }
        double fullScale = 0.040 * (1 << (config >> 11 & 0b11));
        double shuntVolts = Math.clamp(amps * shuntOhms, -fullScale, fullScale);
        shuntReg = (int) Math.round(shuntVolts / 10e-6);
        double busRange = (config & 1 << 13) != 0 ? 32 : 16;
        busCounts = (int) Math.round(Math.clamp(busVolts, 0, busRange) / 0.004) & 0x1FFF;
    }

    private long current() {
        return (long) shuntReg * calibration / 4096;
    }

    private boolean overflow() {
        long current = current();
        return has(Fault.OUT_OF_RANGE) || current > 32767 || current < -32768
                || Math.abs(current) * busCounts / 5000 > 0xFFFF;
    }
}
