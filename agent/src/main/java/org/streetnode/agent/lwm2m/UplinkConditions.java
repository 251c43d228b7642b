package org.streetnode.agent.lwm2m;

import java.util.function.Consumer;

/**
 * The LwM2M connection as the buffer sees it: it polls {@link #uplinkState()} or subscribes to
 * changes (registered or lost, Mute Send or Notification Storing written by the server or a
 * bootstrap server). Read-only: the buffer cannot change the connection.
 */
public interface UplinkConditions {
    Lwm2mUplinkState uplinkState();

    /** Called after every change, on an LwM2M thread; be quick and never block. */
    void onUplinkChange(Consumer<Lwm2mUplinkState> listener);
}
