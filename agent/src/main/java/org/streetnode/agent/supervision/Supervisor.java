package org.streetnode.agent.supervision;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.tinylog.Logger;

/**
 * The agent's supervisor as its environment describes it: systemd sets {@code NOTIFY_SOCKET} for
 * a {@code Type=notify} service and {@code WATCHDOG_USEC} (with {@code WATCHDOG_PID}) when the
 * unit has {@code WatchdogSec=}. Without them (a terminal, a test) nothing is sent.
 *
 * @param notifier where notifications go
 * @param watchdog how long systemd waits for a ping before it restarts the agent
 */
public record Supervisor(Optional<Notifier> notifier, Optional<Duration> watchdog) {

    public static Supervisor none() {
        return new Supervisor(Optional.empty(), Optional.empty());
    }

    /** As sd_watchdog_enabled(3): the watchdog is ours if WATCHDOG_PID is unset or names this process. */
    public static Supervisor fromEnvironment(Map<String, String> env, long pid) {
        Optional<Notifier> socket = Optional.ofNullable(env.get("NOTIFY_SOCKET")).filter(s -> !s.isBlank())
                .flatMap(Supervisor::socket);
        Optional<Duration> watchdog = Optional.ofNullable(env.get("WATCHDOG_USEC"))
                .filter(v -> env.get("WATCHDOG_PID") == null || env.get("WATCHDOG_PID").equals(Long.toString(pid)))
                .flatMap(Supervisor::micros);
        return new Supervisor(socket, socket.isPresent() ? watchdog : Optional.empty());
    }

    private static Optional<Notifier> socket(String name) {
        try {
            return Optional.of(NotifySocket.of(name));
        } catch (IllegalArgumentException e) {
            Logger.warn("watchdog: NOTIFY_SOCKET ignored: {}", e.getMessage());
            return Optional.empty();
        }
    }

    private static Optional<Duration> micros(String value) {
        try {
            long us = Long.parseLong(value.strip());
            return us > 0 ? Optional.of(Duration.ofNanos(us * 1000)) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Sends a notification; a supervisor that cannot be told is logged, never fatal. */
    public void notify(String message) {
        notifier.ifPresent(s -> {
            try {
                s.send(message);
            } catch (IOException e) {
                Logger.warn("watchdog: cannot notify systemd: {}", e.getMessage());
            }
        });
    }
}
