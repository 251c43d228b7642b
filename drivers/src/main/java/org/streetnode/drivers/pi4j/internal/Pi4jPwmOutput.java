package org.streetnode.drivers.pi4j.internal;

import com.pi4j.io.pwm.Pwm;
import java.util.Objects;
import org.streetnode.drivers.port.PortException;
import org.streetnode.drivers.port.PwmOutput;

/**
 * The PWM port on a Pi4J LinuxFS PWM. What the LinuxFS source shows (Pi4J 3.0.3):
 * <ul>
 *   <li>{@code setDutyCycle()} (in {@code PwmBase}) only stores the value; nothing reaches sysfs
 *       until {@code on()}, which writes period, duty_cycle, polarity and enable. So every change
 *       of duty is followed by {@code on(duty)} here.</li>
 *   <li>{@code on()} first zeroes duty_cycle and disables the channel (a new period smaller than
 *       the old duty would be refused by the kernel), so each change is a brief gap in the
 *       signal, harmless for a lamp driver's dim input.</li>
 *   <li>The duty cycle is an {@code Integer} percent: resolution is 1 %, reported back by
 *       {@link #dutyCycle()}. {@code on(0)} means {@code off()}: the channel is disabled.</li>
 * </ul>
 */
public final class Pi4jPwmOutput implements PwmOutput {

    private final Pwm pwm;
    private final int chip;
    private final int frequencyHz;
    private final Runnable release;
    private volatile double applied;
    private volatile boolean closed;

    /** @param release lets the channel go (the Pi4J PWM shut down and out of the context's registry) */
    public Pi4jPwmOutput(Pwm pwm, int chip, int frequencyHz, Runnable release) {
        this.pwm = Objects.requireNonNull(pwm, "pwm");
        this.chip = chip;
        this.frequencyHz = frequencyHz;
        this.release = Objects.requireNonNull(release, "release");
    }

    @Override
    public int chip() {
        return chip;
    }

    @Override
    public int channel() {
        return pwm.address();
    }

    @Override
    public int frequencyHz() {
        return frequencyHz;
    }

    @Override
    public void setDutyCycle(double percent) throws PortException {
        if (!(percent >= 0 && percent <= 100)) {
            throw new IllegalArgumentException("duty cycle must be 0..100 %, not " + percent);
        }
        if (closed) {
            throw new PortException("pwmchip%d/pwm%d is closed".formatted(chip, channel()));
        }
        int whole = (int) Math.round(percent);
        try {
            if (whole == 0) {
                pwm.off();
            } else {
                pwm.on(whole, frequencyHz); // stores duty and frequency, then applies them
            }
            applied = whole;
        } catch (RuntimeException e) {
            throw new PortException("cannot set pwmchip%d/pwm%d: %s".formatted(chip, channel(), e.getMessage()), e);
        }
    }

    @Override
    public double dutyCycle() {
        return applied;
    }

    /** Lets the channel go; it keeps its last duty (no shutdown value is configured). */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            release.run();
        }
    }
}
