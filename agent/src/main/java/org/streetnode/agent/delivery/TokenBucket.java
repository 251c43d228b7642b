package org.streetnode.agent.delivery;

import java.time.Duration;
import java.time.Instant;

/**
 * A token bucket on an injected clock: {@code rate} tokens a second, holding at most
 * {@code capacity}. Taking more than it holds leaves a debt that refills first.
 */
final class TokenBucket {
    /** Refills are sums of doubles: a token a millionth short is a whole one. */
    private static final double EPSILON = 1e-6;

    private final double rate;
    private final double capacity;
    private double tokens;
    private Instant updated;

    /** @param rate tokens per second; 0 means unlimited */
    TokenBucket(double rate, double capacity, Instant now) {
        this.rate = rate;
        this.capacity = capacity;
        this.tokens = capacity;
        this.updated = now;
    }

    boolean unlimited() {
        return rate <= 0;
    }

    double capacity() {
        return capacity;
    }

    /** How long until {@code n} tokens are there (zero if they are). */
    Duration timeUntil(double n, Instant now) {
        if (unlimited()) {
            return Duration.ZERO;
        }
        refill(now);
        double missing = Math.min(n, capacity) - tokens;
        return missing <= EPSILON ? Duration.ZERO : Duration.ofNanos((long) Math.ceil(missing / rate * 1e9));
    }

    void take(double n, Instant now) {
        if (!unlimited()) {
            refill(now);
            tokens -= n;
        }
    }

    private void refill(Instant now) {
        if (now.isAfter(updated)) {
            double elapsed = Duration.between(updated, now).toNanos() / 1e9;
            tokens = Math.min(capacity, tokens + elapsed * rate);
            updated = now;
        }
    }
}
