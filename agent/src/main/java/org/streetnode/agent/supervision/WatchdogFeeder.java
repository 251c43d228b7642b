package org.streetnode.agent.supervision;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tinylog.Logger;

/**
 * Decides, each time it is asked, whether the agent is alive enough to ping the watchdog: every
 * loop must have made progress since the previous tick. A stalled loop (the lighting thread hung
 * in a PWM write, or dead of an error) stops the pings, and systemd restarts the agent once
 * {@code WatchdogSec} passes without one; the lamp is right again within a second of the new
 * start. A loop that recovers before then resumes the pings.
 */
public final class WatchdogFeeder {
    private final List<LivenessProbe> loops;
    private final Supervisor supervisor;
    private final Map<String, Long> lastProgress = new HashMap<>();
    private List<String> stalled = List.of();

    public WatchdogFeeder(List<LivenessProbe> loops, Supervisor supervisor) {
        this.loops = List.copyOf(loops);
        this.supervisor = supervisor;
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
        stalled = List.copyOf(stuck);
        return stalled;
    }
}
