package org.streetnode.drivers.lamp;

import java.util.Objects;
import org.streetnode.drivers.port.PortException;
import org.streetnode.drivers.port.PwmOutput;

/**
 * The LED driver's dim input on a hardware PWM channel (directly for PWM dim inputs, or through
 * a PWM-to-0-10 V converter).
 *
 * <h2>Wiring</h2>
 * PWM0 is GPIO18 (pin 12), {@code pwmchip0} channel 0 with {@code dtoverlay=pwm} in
 * {@code /boot/firmware/config.txt}; on a Pi 5 it is {@code pwmchip2}. Many LED drivers flicker
 * or switch off below some duty: {@code minDutyPercent} is the lowest duty any non-zero level
 * maps to.
 *
 * <h2>Board profile</h2>
 * <pre>{@code
 * [lamp]
 * pwm_chip = 0
 * pwm_channel = 0
 * pwm_frequency = 1000
 * min_duty = 10.0
 * gamma = 2.2           # 1.0 for a linear map
 * }</pre>
 *
 * <p>Mapping: level 0 → duty 0; level {@code p} in (0, 100] → {@code min + (100 − min) · f(p/100)}.
 */
public final class Dimmer {

    private final PwmOutput pwm;
    private final double minDutyPercent;
    private final DimmingCurve curve;

    public Dimmer(PwmOutput pwm, double minDutyPercent, DimmingCurve curve) {
        this.pwm = Objects.requireNonNull(pwm, "pwm");
        if (!(minDutyPercent >= 0 && minDutyPercent < 100)) {
            throw new IllegalArgumentException("minimum duty must be 0..<100 %, not " + minDutyPercent);
        }
        this.minDutyPercent = minDutyPercent;
        this.curve = Objects.requireNonNull(curve, "curve");
    }

    /** The duty cycle in percent for a dim level in percent. */
    public double dutyFor(double levelPercent) {
        double level = Math.clamp(levelPercent, 0, 100);
        if (level == 0) {
            return 0;
        }
        return minDutyPercent + (100 - minDutyPercent) * curve.apply(level / 100);
    }

    public void setLevel(double levelPercent) throws PortException {
        pwm.setDutyCycle(dutyFor(levelPercent));
    }

    /** The duty the PWM hardware applies now. */
    public double dutyCycle() {
        return pwm.dutyCycle();
    }
}
