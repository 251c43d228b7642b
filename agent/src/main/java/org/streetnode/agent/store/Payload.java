package org.streetnode.agent.store;

import java.time.Instant;
import java.util.Objects;
import org.streetnode.agent.health.Fault;
import org.streetnode.agent.health.FaultEvent;
import org.streetnode.agent.reading.Reading;
import org.streetnode.drivers.Quantity;

/** What an appended record holds besides its time and identity: a measured value, or a fault's change. */
sealed interface Payload {

    /** The record it makes once it has its identity and (maybe corrected) time. */
    StoredRecord stored(long seq, Priority priority, Instant timestamp, TimeQuality quality);

    static Payload of(Reading r) {
        return new Measured(r.sensorId(), r.quantity(), r.value());
    }

    /** The event as kept: its message cut to {@link StoredFaultEvent#MAX_MESSAGE} characters. */
    static Payload of(FaultEvent e) {
        return new FaultChange(e.fault().source(), e.fault().kind(), StoredFaultEvent.shortened(e.fault().message()),
                e.raised());
    }

    record Measured(String sensorId, Quantity quantity, double value) implements Payload {
        public Measured {
            Objects.requireNonNull(sensorId, "sensorId");
            Objects.requireNonNull(quantity, "quantity");
        }

        @Override
        public StoredRecord stored(long seq, Priority priority, Instant timestamp, TimeQuality quality) {
            return new StoredReading(seq, priority, sensorId, quantity, value, timestamp, quality);
        }
    }

    record FaultChange(String source, Fault.Kind kind, String message, boolean raised) implements Payload {
        public FaultChange {
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(message, "message");
        }

        @Override
        public StoredRecord stored(long seq, Priority priority, Instant timestamp, TimeQuality quality) {
            return new StoredFaultEvent(seq, source, kind, message, raised, timestamp, quality);
        }
    }
}
