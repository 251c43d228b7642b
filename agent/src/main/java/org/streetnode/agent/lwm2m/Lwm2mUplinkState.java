package org.streetnode.agent.lwm2m;

/**
 * What the buffer needs to know about the LwM2M connection to deliver readings (a snapshot;
 * {@code org.streetnode.agent.delivery.UplinkState} is delivery's own, fed from these).
 *
 * @param registered the node is registered with its device management server
 * @param muteSend the server's Mute Send (Server resource 23): when true the node must not use
 *     LwM2M Send (the server observes or reads instead)
 * @param notificationStoring the server's Notification Storing When Disabled or Offline (Server
 *     resource 6): when true, what the node could not report while offline is reported once it
 *     is back; when false it may be dropped
 */
public record Lwm2mUplinkState(boolean registered, boolean muteSend, boolean notificationStoring) {
    /** The state before the node has any server account. */
    public static final Lwm2mUplinkState OFFLINE = new Lwm2mUplinkState(false, false, true);

    /** Whether the node may deliver with LwM2M Send now. */
    public boolean sendEnabled() {
        return registered && !muteSend;
    }
}
