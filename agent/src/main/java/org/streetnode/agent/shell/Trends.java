package org.streetnode.agent.shell;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.streetnode.agent.reading.Reading;
import org.streetnode.drivers.Quantity;

/**
 * The last {@value #BUCKETS} x {@value #BUCKET_SECONDS} s of each sensor series, as bucket means,
 * for the sparklines of {@code top}.
 *
 * <p>Kept in the agent, not the client: {@code top} then shows the last minutes the moment it
 * starts, not a line that fills while the crew watches, and every client sees the same history.
 * It is small and bounded: at most {@value #MAX_SERIES} series of {@value #BUCKETS} buckets, and
 * recording is a constant-time update on the sampling thread that never blocks.
 */
public final class Trends {
    public static final int BUCKETS = 60;
    public static final int BUCKET_SECONDS = 5;
    static final int MAX_SERIES = 64;

    private final Clock clock;
    private final Map<Key, Ring> series = new LinkedHashMap<>();

    public Trends(Clock clock) {
        this.clock = clock;
    }

    /** A series: one quantity of one sensor. */
    public record Key(String sensorId, Quantity quantity) {
    }

    /**
     * @param latest the last value recorded and when it was taken
     * @param points the bucket means, oldest first, {@value #BUCKETS} of them; empty where no reading fell
     */
    public record Series(String sensor, Quantity quantity, String unit, double latest, Instant at,
            List<Optional<Double>> points) {
    }

    /** Records a reading (subscribe this to the reading bus). */
    public synchronized void record(Reading reading) {
        Key key = new Key(reading.sensorId(), reading.quantity());
        Ring ring = series.get(key);
        if (ring == null) {
            if (series.size() >= MAX_SERIES) {
                return;
            }
            ring = new Ring();
            series.put(key, ring);
        }
        ring.add(bucketOf(reading.timestamp()), reading.value(), reading.timestamp());
    }

    /** Every series, by sensor then quantity, as of now. */
    public synchronized List<Series> snapshot() {
        long now = bucketOf(clock.instant());
        List<Series> out = new ArrayList<>();
        series.forEach((key, ring) -> out.add(ring.series(key, now)));
        out.sort(Comparator.comparing(Series::sensor).thenComparing(s -> s.quantity().ordinal()));
        return out;
    }

    public static Duration window() {
        return Duration.ofSeconds((long) BUCKETS * BUCKET_SECONDS);
    }

    private static long bucketOf(Instant t) {
        return Math.floorDiv(t.getEpochSecond(), BUCKET_SECONDS);
    }

    private static final class Ring {
        private final long[] bucket = new long[BUCKETS];
        private final double[] sum = new double[BUCKETS];
        private final int[] count = new int[BUCKETS];
        private double latest;
        private Instant at = Instant.EPOCH;

        Ring() {
            java.util.Arrays.fill(bucket, Long.MIN_VALUE);
        }

        void add(long b, double value, Instant when) {
            int slot = (int) Math.floorMod(b, (long) BUCKETS);
            if (bucket[slot] != b) {
                bucket[slot] = b;
                sum[slot] = 0;
                count[slot] = 0;
            }
            sum[slot] += value;
            count[slot]++;
            if (!when.isBefore(at)) {
                latest = value;
                at = when;
            }
        }

        Series series(Key key, long now) {
            List<Optional<Double>> points = new ArrayList<>(BUCKETS);
            for (long b = now - BUCKETS + 1; b <= now; b++) {
                int slot = (int) Math.floorMod(b, (long) BUCKETS);
                points.add(bucket[slot] == b && count[slot] > 0 ? Optional.of(sum[slot] / count[slot]) : Optional.empty());
            }
            return new Series(key.sensorId(), key.quantity(), key.quantity().unit(), latest, at, points);
        }
    }
}
