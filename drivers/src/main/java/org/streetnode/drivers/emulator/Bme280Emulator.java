package org.streetnode.drivers.emulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.IntUnaryOperator;
import org.streetnode.drivers.bme280.Bme280;
import org.streetnode.drivers.bme280.Bme280Calibration;

/**
 * A BME280 at register level: id, soft reset, ctrl_hum/ctrl_meas/config, forced-mode
 * measurements that take the datasheet's time, status bits, calibration NVM, and data registers
 * holding raw ADC counts computed from the target temperature, humidity and pressure by inverting
 * the compensation of its own calibration.
 */
public final class Bme280Emulator extends RegisterFileEmulator {

    /**
     * A plausible chip: T and P trimming from the worked example of the BMP280 datasheet (same
     * formulas), H trimming typical of BME280 parts.
     */
    public static final Bme280Calibration TYPICAL_CALIBRATION = new Bme280Calibration(
            27504, 26435, -1000,
            36477, -10685, 3024, 2855, 140, -7, 15500, -14600, 6000,
            75, 362, 0, 313, 50, 30);

    /** The id a BMP280 (no humidity) answers with: the classic wrong part on a breakout. */
    public static final int BMP280_CHIP_ID = 0x58;
    private static final double OUT_OF_RANGE_CELSIUS = 100;

    private final Bme280Calibration calibration;
    private final byte[] nvm1;
    private final byte[] nvm2;
    private int ctrlHum;
    private int ctrlHumLatched;
    private int ctrlMeas;
    private int config;
    private Instant measuringUntil = Instant.MIN;
    private Instant nvmCopyUntil = Instant.MIN;
    /** Raw counts shown in the data registers; the pending ones appear when the measurement ends. */
    private int adcT = 0x80000;
    private int adcP = 0x80000;
    private int adcH = 0x8000;
    private int[] pending;

    private double celsius = 20;
    private double humidity = 50;
    private double hectopascal = 1013.25;

    public Bme280Emulator(Clock clock) {
        this(clock, TYPICAL_CALIBRATION);
    }

    public Bme280Emulator(Clock clock, Bme280Calibration calibration) {
        super(clock);
        this.calibration = calibration;
        this.nvm1 = calibration.block1();
        this.nvm2 = calibration.block2();
    }

    @Override
    public Set<Fault> supportedFaults() {
        return EnumSet.of(Fault.NO_ACK, Fault.WRONG_CHIP_ID, Fault.STUCK_VALUE,
                Fault.DISCONNECT_MID_TRANSFER, Fault.CONVERSION_STUCK, Fault.OUT_OF_RANGE);
    }

    /** The physical conditions the next measurement sees. */
    public void setConditions(double celsius, double relativeHumidity, double hectopascal) {
        this.celsius = celsius;
        this.humidity = relativeHumidity;
        this.hectopascal = hectopascal;
    }

    public Bme280Calibration calibration() {
        return calibration;
    }

    @Override
    protected int readRegister(int register) {
        settle();
        if (register >= 0x88 && register <= 0xA1) {
            return nvm1[register - 0x88] & 0xFF;
        }
        if (register >= 0xE1 && register <= 0xE7) {
            return nvm2[register - 0xE1] & 0xFF;
        }
        return switch (register) {
            case Bme280.REG_ID -> has(Fault.WRONG_CHIP_ID) ? BMP280_CHIP_ID : Bme280.CHIP_ID;
            case Bme280.REG_CTRL_HUM -> ctrlHum;
            case Bme280.REG_STATUS -> (measuring() ? Bme280.STATUS_MEASURING : 0)
                    | (now().isBefore(nvmCopyUntil) ? Bme280.STATUS_IM_UPDATE : 0);
            case Bme280.REG_CTRL_MEAS -> ctrlMeas;
            case Bme280.REG_CONFIG -> config;
            case 0xF7 -> adcP >> 12;
            case 0xF8 -> adcP >> 4 & 0xFF;
            case 0xF9 -> (adcP & 0x0F) << 4;
            case 0xFA -> adcT >> 12;
            case 0xFB -> adcT >> 4 & 0xFF;
            case 0xFC -> (adcT & 0x0F) << 4;
            case 0xFD -> adcH >> 8;
            case 0xFE -> adcH & 0xFF;
            default -> 0;
        };
    }

    @Override
    protected void writeRegister(int register, int value) {
        settle();
        switch (register) {
            case Bme280.REG_RESET -> {
                if (value == Bme280.RESET_WORD) {
                    reset();
                }
            }
            case Bme280.REG_CTRL_HUM -> ctrlHum = value & 0x07;
            case Bme280.REG_CONFIG -> config = value & 0xFD;
            case Bme280.REG_CTRL_MEAS -> {
                ctrlMeas = value;
                ctrlHumLatched = ctrlHum; // datasheet 5.4.3: ctrl_hum takes effect on a ctrl_meas write
                int mode = value & 0x03;
                if (mode == 0b01 || mode == 0b10) {
                    startMeasurement();
                }
            }
            default -> {
                // read-only or reserved: the chip ignores the write
            }
        }
    }

    private void reset() {
        ctrlHum = 0;
        ctrlHumLatched = 0;
        ctrlMeas = 0;
        config = 0;
        adcT = 0x80000;
        adcP = 0x80000;
        adcH = 0x8000;
        pending = null;
        measuringUntil = Instant.MIN;
        nvmCopyUntil = now().plus(Duration.ofMillis(1));
    }

    private void startMeasurement() {
        int osrsT = oversampling(ctrlMeas >> 5);
        int osrsP = oversampling(ctrlMeas >> 2);
        int osrsH = oversampling(ctrlHumLatched);
        // Datasheet 9.1, typical time: 1 + 2·T + (2·P + 0.5) + (2·H + 0.5) ms, skipped ones cost nothing.
        double ms = 1 + 2 * osrsT + (osrsP > 0 ? 2 * osrsP + 0.5 : 0) + (osrsH > 0 ? 2 * osrsH + 0.5 : 0);
        measuringUntil = now().plusNanos((long) (ms * 1_000_000));
        if (has(Fault.STUCK_VALUE)) {
            return;
        }
        double t = has(Fault.OUT_OF_RANGE) ? OUT_OF_RANGE_CELSIUS : celsius;
        int rawT = osrsT > 0 ? rawTemperature(t) : 0x80000;
        int tFine = calibration.tFine(rawT);
        pending = new int[] {
            rawT,
            osrsP > 0 ? rawPressure(hectopascal, tFine) : 0x80000,
            osrsH > 0 ? rawHumidity(humidity, tFine) : 0x8000};
    }

    private boolean measuring() {
        return has(Fault.CONVERSION_STUCK) ? measuringUntil != Instant.MIN : now().isBefore(measuringUntil);
    }

    /** Completes a finished measurement: data registers take the new counts, mode returns to sleep. */
    private void settle() {
        if (pending != null && !measuring()) {
            adcT = pending[0];
            adcP = pending[1];
            adcH = pending[2];
            pending = null;
        }
        if (!measuring() && (ctrlMeas & 0x03) != 0b11) {
            ctrlMeas &= ~0x03;
        }
    }

    private static int oversampling(int bits) {
        int b = bits & 0x07;
        return b == 0 ? 0 : 1 << Math.min(b - 1, 4);
    }

    private int rawTemperature(double target) {
        int centi = (int) Math.round(target * 100);
        return lowestAtLeast(0xFFFFF, adc -> Bme280Calibration.centiCelsius(calibration.tFine(adc)) - centi);
    }

    private int rawPressure(double hpa, int tFine) {
        long q24x8 = Math.round(hpa * 100 * 256);
        // Pressure falls as the count rises: search on the negated difference.
        return lowestAtLeast(0xFFFFF, adc -> (int) Math.signum(q24x8 - calibration.pressureQ24x8(adc, tFine)));
    }

    private int rawHumidity(double rh, int tFine) {
        int q22x10 = (int) Math.round(Math.clamp(rh, 0, 100) * 1024);
        return lowestAtLeast(0xFFFF, adc -> calibration.humidityQ22x10(adc, tFine) - q22x10);
    }

    /** The lowest count in 0..max where the monotonic {@code diff} reaches zero or above. */
    private static int lowestAtLeast(int max, IntUnaryOperator diff) {
        int lo = 0;
        int hi = max;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (diff.applyAsInt(mid) >= 0) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }
}
