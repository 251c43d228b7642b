package org.streetnode.agent.delivery;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What the LwM2M layer tells delivery: whether the client is registered, whether Send is muted
 * (Server /1/x/23 Mute Send) and whether the server wants notifications stored while offline
 * (Server /1/x/6 Notification Storing). Thread-safe; listeners run on the setter's thread.
 */
public final class UplinkState {
    private volatile boolean registered;
    private volatile boolean sendMuted;
    private volatile boolean notificationStoring = true;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    public boolean registered() {
        return registered;
    }

    public boolean sendMuted() {
        return sendMuted;
    }

    public boolean notificationStoring() {
        return notificationStoring;
    }

    /** Sending happens only while registered and not muted. */
    public boolean canSend() {
        return registered && !sendMuted;
    }

    public void setRegistered(boolean value) {
        registered = value;
        changed();
    }

    public void setSendMuted(boolean value) {
        sendMuted = value;
        changed();
    }

    public void setNotificationStoring(boolean value) {
        notificationStoring = value;
        changed();
    }

    public void addListener(Runnable listener) {
        listeners.add(listener);
    }

    private void changed() {
        listeners.forEach(Runnable::run);
    }
}
