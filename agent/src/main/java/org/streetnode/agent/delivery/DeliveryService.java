package org.streetnode.agent.delivery;

import java.time.Duration;
import java.util.Objects;
import org.streetnode.agent.store.ReadingStore;
import org.tinylog.Logger;

/**
 * Runs a {@link DeliveryEngine} on its own thread: ticks it, sleeps as long as it asks (at most
 * {@link DeliveryEngine#IDLE}), and wakes early when a Send completes, the store commits or the
 * uplink changes.
 */
public final class DeliveryService implements AutoCloseable {
    private final DeliveryEngine engine;
    private final Object monitor = new Object();
    private final Thread thread;
    private boolean woken;
    private volatile boolean running = true;

    private DeliveryService(DeliveryEngine engine) {
        this.engine = engine;
        this.thread = Thread.ofPlatform().daemon().name("delivery").unstarted(this::run);
    }

    public static DeliveryService start(DeliveryEngine engine, ReadingStore store, UplinkState uplink) {
        DeliveryService service = new DeliveryService(Objects.requireNonNull(engine, "engine"));
        engine.onWakeUp(service::wake);
        store.addCommitListener(service::wake);
        uplink.addListener(service::wake);
        service.thread.start();
        return service;
    }

    public void wake() {
        synchronized (monitor) {
            woken = true;
            monitor.notifyAll();
        }
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
            synchronized (monitor) {
                if (!woken && running) {
                    try {
                        monitor.wait(millis);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                woken = false;
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
