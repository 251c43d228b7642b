package org.streetnode.agent.lwm2m.object;

import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.eclipse.leshan.core.response.ReadResponse;
import org.streetnode.agent.delivery.BufferSequence;
import org.streetnode.agent.lwm2m.model.StreetnodeObjects;

/**
 * streetnode Reading Sequence (object 33100, instance 0; model {@link StreetnodeObjects#READING_SEQUENCE}).
 *
 * <p>Every LwM2M Send of buffered readings carries this object's resources as its header (the
 * server accepts Send paths only of instances the node registered, so the instance is served).
 * Read directly it tells where the buffer stands: 0 the current epoch, 1 the oldest sequence
 * number still buffered, 2 the last one committed, 3 empty (the order is only meaningful in a
 * Send). A platform that missed Sends can compare these with what it has.
 */
public final class ReadingSequenceObject extends ModelledInstance {
    private static final Set<Integer> SERVED = Set.of(0, 1, 2, 3);

    private final Supplier<Optional<BufferSequence>> current;

    public ReadingSequenceObject(Supplier<Optional<BufferSequence>> current) {
        super(StreetnodeObjects.READING_SEQUENCE, 0);
        this.current = current;
    }

    @Override
    protected Collection<Integer> served() {
        return SERVED;
    }

    @Override
    protected ReadResponse readServed(int resourceId) {
        Optional<BufferSequence> s = current.get();
        if (s.isEmpty()) {
            return ReadResponse.notFound();
        }
        return switch (resourceId) {
            case 0 -> ReadResponse.success(0, s.get().epoch());
            case 1 -> ReadResponse.success(1, s.get().first());
            case 2 -> ReadResponse.success(2, s.get().last());
            case 3 -> ReadResponse.success(3, new byte[0]);
            default -> ReadResponse.notFound();
        };
    }
}
