package org.streetnode.agent.fleet;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** When the fleet's nodes registered, second by second, as the nodes saw their registrations answered. */
final class RegistrationLog {
    private final ConcurrentSkipListMap<Long, LongAdder> bySecond = new ConcurrentSkipListMap<>();
    private final AtomicLong total = new AtomicLong();

    void record(Instant at) {
        bySecond.computeIfAbsent(at.getEpochSecond(), s -> new LongAdder()).increment();
        total.incrementAndGet();
    }

    long total() {
        return total.get();
    }

    /** Registrations in each second from {@code from} (inclusive) to {@code to} (exclusive). */
    long[] perSecond(Instant from, Instant to) {
        int seconds = (int) Math.max(0, to.getEpochSecond() - from.getEpochSecond());
        long[] out = new long[seconds];
        for (Map.Entry<Long, LongAdder> e : bySecond.subMap(from.getEpochSecond(), to.getEpochSecond()).entrySet()) {
            out[(int) (e.getKey() - from.getEpochSecond())] = e.getValue().sum();
        }
        return out;
    }

    /** Registrations from {@code from} (inclusive) to {@code to} (exclusive). */
    long between(Instant from, Instant to) {
        return bySecond.subMap(from.getEpochSecond(), to.getEpochSecond()).values().stream().mapToLong(LongAdder::sum).sum();
    }
}
