package org.streetnode.drivers.hotplug;

import org.streetnode.drivers.port.BoardIo;
import org.streetnode.drivers.port.PortException;
import org.streetnode.drivers.port.PwmOutput;

/** A PWM channel opened on first use and again after it failed. */
final class ReopeningPwmOutput implements PwmOutput {

    private final int chip;
    private final int channel;
    private final int frequencyHz;
    private final Reopener<PwmOutput> reopener;

    ReopeningPwmOutput(BoardIo io, int chip, int channel, int frequencyHz) {
        this.chip = chip;
        this.channel = channel;
        this.frequencyHz = frequencyHz;
        this.reopener = new Reopener<>("pwmchip" + chip + "/pwm" + channel, () -> io.pwm(chip, channel, frequencyHz));
    }

    @Override
    public int chip() {
        return chip;
    }

    @Override
    public int channel() {
        return channel;
    }

    @Override
    public int frequencyHz() {
        return frequencyHz;
    }

    @Override
    public void setDutyCycle(double percent) throws PortException {
        reopener.use(pwm -> {
            pwm.setDutyCycle(percent);
            return null;
        });
    }

    /** The duty the channel applies; 0 while it is not open. */
    @Override
    public double dutyCycle() {
        return reopener.current().map(PwmOutput::dutyCycle).orElse(0.0);
    }

    @Override
    public void close() {
        reopener.close();
    }
}
