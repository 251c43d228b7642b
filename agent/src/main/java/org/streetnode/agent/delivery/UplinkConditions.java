package org.streetnode.agent.delivery;

import java.util.function.Consumer;

/**
 * The uplink as delivery sees it: it polls {@link #uplinkState()} or subscribes to changes
 * (registered or lost, Mute Send or Notification Storing written by the server or a bootstrap
 * server). Read-only: delivery cannot change the connection. The LwM2M client implements it.
 */
public interface UplinkConditions {
    Snapshot uplinkState();

    /** Called after every change, on an uplink thread; be quick and never block. */
    void onUplinkChange(Consumer<Snapshot> listener);

    /**
     * What delivery needs to know about the connection to deliver readings (a snapshot;
     * {@link UplinkState} is delivery's own, fed from these).
     *
     * @param registered the node is registered with its device management server
     * @param muteSend the server's Mute Send (LwM2M Server resource 23): when true the node must
     *     not use Send (the server observes or reads instead)
     * @param notificationStoring the server's Notification Storing When Disabled or Offline (Server
     *     resource 6): when true, what the node could not report while offline is reported once
     *     it is back; when false it may be dropped
     */
    record Snapshot(boolean registered, boolean muteSend, boolean notificationStoring) {
        /** The state before the node has any server account. */
        public static final Snapshot OFFLINE = new Snapshot(false, false, true);

        /** Whether the node may deliver with Send now. */
        public boolean sendEnabled() {
            return registered && !muteSend;
        }
    }
}
