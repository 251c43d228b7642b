package org.streetnode.agent.lwm2m.object;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.streetnode.agent.network.NetworkProbe;

class ConnectivityObjectTest {
    @Test
    void tellsWirelessFromWiredInterfaces() {
        assertThat(ConnectivityObject.bearer(nic("mlan0", true))).as("sysfs says wireless, whatever the name")
                .contains(ConnectivityObject.WLAN);
        assertThat(ConnectivityObject.bearer(nic("wlan0", false))).contains(ConnectivityObject.WLAN);
        assertThat(ConnectivityObject.bearer(nic("eth0", false))).contains(ConnectivityObject.ETHERNET);
        assertThat(ConnectivityObject.bearer(nic("enp3s0", false))).contains(ConnectivityObject.ETHERNET);
        assertThat(ConnectivityObject.bearer(nic("tun0", false))).isEmpty();
    }

    private static NetworkProbe.Interface nic(String name, boolean wirelessDevice) {
        return new NetworkProbe.Interface(name, true, false, Optional.empty(), List.of(), Optional.empty(),
                Optional.empty(), wirelessDevice, Optional.empty());
    }
}
