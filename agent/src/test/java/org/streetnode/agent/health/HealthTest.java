package org.streetnode.agent.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.streetnode.agent.store.MutableClock;

/** Faults as transitions: one event when raised, one when cleared, never one per repeat or new message. */
class HealthTest {
    private final MutableClock clock = MutableClock.at("2026-03-01T03:12:00Z");
    private final Health health = new Health(clock);
    private final List<FaultEvent> events = new CopyOnWriteArrayList<>();

    @Test
    void aFaultRaisedAgainOrWithANewMessageIsNoNewEventItsClearingIs() {
        health.onEvent(events::add);
        health.raise("sensor:air", Fault.Kind.PERIPHERAL, "sensor air failed: no ACK");
        clock.advance(Duration.ofSeconds(5));
        health.raise("sensor:air", Fault.Kind.PERIPHERAL, "sensor air failed: no ACK"); // the next retry fails too
        health.raise("sensor:air", Fault.Kind.PERIPHERAL, "sensor air failed: wrong chip id");
        clock.advance(Duration.ofMinutes(3));
        health.clear("sensor:air");
        health.clear("sensor:air");

        assertThat(events).extracting(e -> e.fault().source(), FaultEvent::raised, FaultEvent::at).containsExactly(
                tuple("sensor:air", true, Instant.parse("2026-03-01T03:12:00Z")),
                tuple("sensor:air", false, Instant.parse("2026-03-01T03:15:05Z")));
        assertThat(events.get(1).fault().message()).as("as it stood when it cleared").isEqualTo("sensor air failed: wrong chip id");
    }

    @Test
    void aPartThatKnowsWhenItsConditionBeganRaisesItAsOfThen() {
        health.onEvent(events::add);
        Instant quarantined = clock.instant().minusSeconds(4);
        health.raise("store:quarantined", Fault.Kind.STORE, "buffer: store quarantined: corrupt", quarantined);
        assertThat(health.fault("store:quarantined").orElseThrow().since()).isEqualTo(quarantined);
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.raised()).isTrue();
            assertThat(e.at()).isEqualTo(quarantined);
        });
    }
}
