package org.streetnode.agent.lifecycle;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.tinylog.Logger;

/**
 * Starts services in the order they were added and stops them in reverse, so a part never runs
 * without what it depends on. When a start fails, what was started is stopped again (in
 * reverse) and the failure is thrown. Stopping goes on past failures: one part that cannot
 * stop cleanly does not keep the others (the lamp, the buffer) from stopping.
 */
public final class Lifecycle {
    private final List<Service> services = new ArrayList<>();
    private final Deque<Service> started = new ArrayDeque<>();

    public synchronized Lifecycle add(Service service) {
        if (!started.isEmpty()) {
            throw new IllegalStateException("cannot add " + service.name() + ": already started");
        }
        services.add(service);
        return this;
    }

    public synchronized void start() throws StartException {
        for (Service s : services) {
            try {
                s.start();
                started.push(s);
                Logger.debug("lifecycle: started {}", s.name());
            } catch (Exception e) {
                stop();
                throw new StartException(s.name(), e);
            }
        }
    }

    /** Stops every started service in reverse order; returns the names of those that failed to stop. */
    public synchronized List<String> stop() {
        List<String> failed = new ArrayList<>();
        while (!started.isEmpty()) {
            Service s = started.pop();
            try {
                s.stop();
                Logger.debug("lifecycle: stopped {}", s.name());
            } catch (Exception e) {
                failed.add(s.name());
                Logger.error(e, "lifecycle: {} did not stop cleanly", s.name());
            }
        }
        return failed;
    }

    /** A service that could not start; says which. */
    public static final class StartException extends Exception {
        private final String service;

        StartException(String service, Exception cause) {
            super(service + " could not start: " + (cause.getMessage() == null ? cause.toString() : cause.getMessage()), cause);
            this.service = service;
        }

        public String service() {
            return service;
        }
    }
}
