package org.streetnode.agent.config;

import java.util.Optional;

/**
 * {@code [lamp]} of a board profile: the relay that switches the lamp and the PWM channel that
 * dims it (a 0-10 V or DALI-less LED driver input behind a PWM-to-analog stage).
 *
 * @param relayPin BCM GPIO number of the relay output
 * @param relayActiveHigh whether driving the pin high energises the relay
 * @param failSafeOn whether the lamp is lit when the relay is de-energised (agent gone, GPIO released): the
 *     wiring decides it; a city normally wires street lamps to fail on
 * @param pwmChip the {@code /sys/class/pwm/pwmchipN} number
 * @param pwmChannel the channel on that chip
 * @param pwmFrequency PWM frequency in Hz
 * @param minDuty the duty cycle in % of the lowest level the LED driver runs stably at: level 1 % maps
 *     to it, 100 % to full duty, 0 % switches the relay off
 * @param gamma the exponent of the level-to-duty curve (2.2 follows perceived brightness; 1.0 is linear)
 * @param powerSensor id of the INA219 sensor on the lamp supply, if one is fitted
 */
public record LampSpec(int relayPin, boolean relayActiveHigh, boolean failSafeOn, int pwmChip, int pwmChannel,
        int pwmFrequency, double minDuty, double gamma, Optional<String> powerSensor) {
}
