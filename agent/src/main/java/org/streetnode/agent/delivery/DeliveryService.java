package org.streetnode.agent.delivery;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadFactory;
import org.streetnode.agent.lifecycle.Wakeup;
import org.streetnode.agent.store.ReadingStore;
import org.tinylog.Logger;

/**
 * Runs a {@link DeliveryEngine} on its own thread: ticks it, sleeps as long as it asks (at most
 * {@link DeliveryEngine#IDLE}), and wakes early when a Send completes, the store commits or the
 * uplink changes.
 */
public final class DeliveryService implements AutoCloseable {
    private final DeliveryEngine engine;
    private final Wakeup wakeUp = new Wakeup();
    private final Thread thread;
    private volatile boolean running = true;

    private DeliveryService(DeliveryEngine engine, ThreadFactory thread) {
        this.engine = engine;
        this.thread = thread.newThread(this::run);
    }

    /** @param thread makes the thread the engine runs on */
    public static DeliveryService start(DeliveryEngine engine, ReadingStore store, UplinkState uplink, ThreadFactory thread) {
        DeliveryService service = new DeliveryService(Objects.requireNonNull(engine, "engine"), thread);
        engine.onWakeUp(service::wake);
        store.addCommitListener(service::wake);
        uplink.addListener(service::wake);
        service.thread.start();
        return service;
    }

    public void wake() {
        wakeUp.request();
    }

    private void run() {
        while (running) {
            Duration next;
            try {
                next = engine.tick();
            } catch (RuntimeException e) {
                Logger.error(e, "delivery: step failed");
                next = DeliveryEngine.IDLE;
            }
            long millis = Math.max(1, Math.min(next.toMillis(), DeliveryEngine.IDLE.toMillis()));
            try {
                wakeUp.await(millis);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void close() {
        running = false;
        wake();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
