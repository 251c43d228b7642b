package org.streetnode.agent.lwm2m.object;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NetworkProbeTest {
    @TempDir
    Path dir;

    @Test
    void findsTheDefaultRouteAndItsGatewayInProcNetRoute() {
        List<String> route = List.of(
                "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT",
                "wlan0\t0000A8C0\t00000000\t0001\t0\t0\t600\t00FFFFFF\t0\t0\t0",
                "wlan0\t00000000\t0100A8C0\t0003\t0\t0\t600\t00000000\t0\t0\t0");
        assertThat(NetworkProbe.parseDefaultRoute(route))
                .contains(new NetworkProbe.RouteEntry("wlan0", "192.168.0.1"));
        assertThat(NetworkProbe.parseDefaultRoute(route.subList(0, 2))).isEmpty();
    }

    @Test
    void readsSignalLevelAndLinkQualityFromProcNetWireless() {
        List<String> wireless = List.of(
                "Inter-| sta-|   Quality        |   Discarded packets               | Missed | WE",
                " face | tus | link level noise |  nwid  crypt   frag  retry   misc | beacon | 22",
                " wlan0: 0000   54.  -56.  -256        0      0      0      0     12        0");
        assertThat(NetworkProbe.parseWireless(wireless, "wlan0")).contains(new NetworkProbe.Radio(-56, 54));
        assertThat(NetworkProbe.parseWireless(wireless, "eth0")).isEmpty();
    }

    @Test
    void tellsWirelessFromWiredInterfaces() throws Exception {
        Files.createDirectories(dir.resolve("wlp2s0/wireless"));
        NetworkProbe probe = new NetworkProbe(dir.resolve("route"), dir.resolve("wireless"), dir);
        assertThat(probe.bearer("wlp2s0")).contains(NetworkProbe.WLAN);
        assertThat(probe.bearer("wlan0")).contains(NetworkProbe.WLAN);
        assertThat(probe.bearer("eth0")).contains(NetworkProbe.ETHERNET);
        assertThat(probe.bearer("enp3s0")).contains(NetworkProbe.ETHERNET);
        assertThat(probe.bearer("tun0")).isEmpty();
        // no /proc files: no route, no radio, and no invented figures
        assertThat(probe.defaultRoute()).isEmpty();
        assertThat(probe.radio("wlan0")).isEmpty();
    }
}
