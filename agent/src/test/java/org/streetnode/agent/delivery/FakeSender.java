package org.streetnode.agent.delivery;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/** A BatchSender that records every Send; answers at once with {@link #answer}, or leaves it open when that returns null. */
public final class FakeSender implements BatchSender {
    public record Sent(Batch batch, Instant at, CompletableFuture<SendOutcome> outcome) {}

    private final Clock clock;
    public final List<Sent> sent = new ArrayList<>();
    public volatile Function<Batch, SendOutcome> answer = b -> SendOutcome.acknowledged();
    /** What a batch takes encoded, as this sender tells the engine. */
    public volatile ToLongFunction<Batch> encoded = b -> WireSize.of(b.size());

    public FakeSender(Clock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized CompletionStage<SendOutcome> send(Batch batch) {
        CompletableFuture<SendOutcome> f = new CompletableFuture<>();
        sent.add(new Sent(batch, clock.instant(), f));
        SendOutcome o = answer.apply(batch);
        if (o != null) {
            f.complete(o);
        }
        return f;
    }

    @Override
    public long wireBytes(Batch batch) {
        return encoded.applyAsLong(batch);
    }

    public synchronized Sent last() {
        return sent.get(sent.size() - 1);
    }

    public synchronized int count() {
        return sent.size();
    }

    public synchronized long readingsSent() {
        return sent.stream().mapToLong(s -> s.batch().size()).sum();
    }
}
