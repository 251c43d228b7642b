package org.streetnode.drivers.pi4j;

import java.util.Optional;

/** The Pi4J provider each IO type must come from; empty where the board offers none. */
public record Pi4jProviderIds(Optional<String> i2c, Optional<String> digitalInput, Optional<String> digitalOutput,
        Optional<String> pwm) {

    /** LinuxFS for I2C and PWM, gpiod for GPIO: the providers that work on a Pi with Pi4J 3.0.3. */
    public static final Pi4jProviderIds LINUX = new Pi4jProviderIds(Optional.of("linuxfs-i2c"),
            Optional.of("gpiod-digital-input"), Optional.of("gpiod-digital-output"), Optional.of("linuxfs-pwm"));

    public static Pi4jProviderIds i2cOnly(String id) {
        return new Pi4jProviderIds(Optional.of(id), Optional.empty(), Optional.empty(), Optional.empty());
    }
}
