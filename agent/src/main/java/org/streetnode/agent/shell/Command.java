package org.streetnode.agent.shell;

import java.util.Arrays;
import java.util.Optional;

/** Every command the agent answers, with its word on the wire and the role it needs. */
public enum Command {
    STATUS("status", Role.MAINTENANCE),
    SENSORS("sensors", Role.MAINTENANCE),
    LAMP("lamp", Role.MAINTENANCE),
    LAMP_SET("lamp.set", Role.OPERATOR),
    LAMP_CLEAR("lamp.clear", Role.OPERATOR),
    BUFFER("buffer", Role.MAINTENANCE),
    NET("net", Role.MAINTENANCE),
    LWM2M("lwm2m", Role.MAINTENANCE),
    UPDATE("update", Role.MAINTENANCE),
    LOG("log", Role.MAINTENANCE),
    SELFTEST("selftest", Role.OPERATOR),
    CONFIG("config", Role.MAINTENANCE),
    /** A stream: one frame a second until the client hangs up. */
    TOP("top", Role.MAINTENANCE);

    private final String word;
    private final Role role;

    Command(String word, Role role) {
        this.word = word;
        this.role = role;
    }

    public String word() {
        return word;
    }

    public Role role() {
        return role;
    }

    public static Optional<Command> of(String word) {
        return Arrays.stream(values()).filter(c -> c.word.equals(word)).findFirst();
    }
}
