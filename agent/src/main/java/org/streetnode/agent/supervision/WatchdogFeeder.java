package org.streetnode.agent.supervision;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.streetnode.agent.health.Fault;
import org.streetnode.agent.health.Health;
import org.tinylog.Logger;

/**
 * Decides, each time it is asked, whether the agent is alive enough to ping the watchdog: every
 * loop must have made progress since the previous tick. A stalled loop (the lighting thread hung
 * in a PWM write, or dead of an error) stops the pings, and systemd restarts the agent once
 * {@code WatchdogSec} passes without one; the lamp is right again within a second of the new
 * start. A loop that recovers before then resumes the pings.
 *
 * <p>A stalled loop is a {@link Fault.Kind#STALL} fault of source {@code stall:NAME} from the
 * tick that finds it until the tick that sees it move again, so the fault history keeps it (the
 * record is committed at once, and outlives the restart that usually follows).
 */
public final class WatchdogFeeder {
    /** The fault source of a stalled loop: this, then the loop's name. */
    public static final String SOURCE_PREFIX = "stall:";

    private final List<LivenessProbe> loops;
    private final Supervisor supervisor;
    private final Health health;
    private final Map<String, Long> lastProgress = new HashMap<>();
    private List<String> stalled = List.of();

    public WatchdogFeeder(List<LivenessProbe> loops, Supervisor supervisor, Health health) {
        this.loops = List.copyOf(loops);
        this.supervisor = supervisor;
        this.health = health;
    }

    /** Pings when every loop progressed since the last tick; returns the loops that did not (empty: pinged). */
    public synchronized List<String> tick() {
        List<String> stuck = new ArrayList<>();
        for (LivenessProbe loop : loops) {
            long now = loop.progress().getAsLong();
            Long before = lastProgress.put(loop.name(), now);
            if (before != null && before == now) {
                stuck.add(loop.name());
            }
        }
        if (stuck.isEmpty()) {
            supervisor.notify("WATCHDOG=1");
            if (!stalled.isEmpty()) {
                Logger.info("watchdog: {} made progress again; pinging", String.join(", ", stalled));
                supervisor.notify("STATUS=running");
            }
        } else if (!stuck.equals(stalled)) {
            String which = String.join(", ", stuck);
            Logger.error("watchdog: the {} loop made no progress since the last check; not pinging, so systemd "
                    + "restarts the agent if it stays stuck", which);
            supervisor.notify("STATUS=stalled: " + which);
        }
        for (String loop : stalled) {
            if (!stuck.contains(loop)) {
                health.clear(SOURCE_PREFIX + loop);
            }
        }
        for (String loop : stuck) {
            health.raise(SOURCE_PREFIX + loop, Fault.Kind.STALL, "the " + loop + " loop made no progress since the"
                    + " watchdog's last check; systemd restarts the agent if it stays stuck");
        }
        stalled = List.copyOf(stuck);
        return stalled;
    }
}
