package org.streetnode.agent.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The probe on sample {@code /proc} and {@code /sys} files, as a Raspberry Pi with Wi-Fi writes them. */
class NetworkProbeTest {
    @TempDir
    Path dir;

    @Test
    void findsTheDefaultRouteAndItsGatewayInProcNetRoute() throws Exception {
        Path route = Files.writeString(dir.resolve("route"), """
                Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT
                wlan0\t0000A8C0\t00000000\t0001\t0\t0\t600\t00FFFFFF\t0\t0\t0
                wlan0\t00000000\t0100A8C0\t0003\t0\t0\t600\t00000000\t0\t0\t0
                """);
        assertThat(probe(route, dir.resolve("wireless")).defaultRoute())
                .contains(new NetworkProbe.Route("wlan0", "192.168.0.1"));

        Files.writeString(route, """
                Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT
                wlan0\t0000A8C0\t00000000\t0001\t0\t0\t600\t00FFFFFF\t0\t0\t0
                """);
        assertThat(probe(route, dir.resolve("wireless")).defaultRoute()).as("no default route").isEmpty();
    }

    @Test
    void readsLinkQualitySignalAndNoiseFromProcNetWireless() throws Exception {
        Path wireless = Files.writeString(dir.resolve("wireless"), """
                Inter-| sta-|   Quality        |   Discarded packets               | Missed | WE
                 face | tus | link level noise |  nwid  crypt   frag  retry   misc | beacon | 22
                 wlan0: 0000   54.  -56.  -256        0      0      0      0     12        0
                 wlan1: 0000   70.  -40.  -92.        0      0      0      0      0        0
                 wlan2: 0000   xx.  -40.
                """);
        Map<String, NetworkProbe.Wireless> radios = probe(dir.resolve("route"), wireless).wireless();
        assertThat(radios).containsOnlyKeys("wlan0", "wlan1");
        assertThat(radios.get("wlan0")).as("-256 is the driver's 'no noise figure'")
                .isEqualTo(new NetworkProbe.Wireless(54, -56, Optional.empty()));
        assertThat(radios.get("wlan1")).isEqualTo(new NetworkProbe.Wireless(70, -40, Optional.of(-92.0)));
    }

    @Test
    void withoutTheFilesThereIsNoRouteAndNoRadioRatherThanInventedFigures() {
        NetworkProbe probe = probe(dir.resolve("route"), dir.resolve("wireless"));
        assertThat(probe.defaultRoute()).isEmpty();
        assertThat(probe.wireless()).isEmpty();
    }

    @Test
    void describesTheLoopbackInterfaceWithItsLinkStateFromSysfs() throws Exception {
        Files.createDirectories(dir.resolve("sys/lo"));
        Files.writeString(dir.resolve("sys/lo/operstate"), "unknown\n");
        Files.writeString(dir.resolve("sys/lo/speed"), "-1\n");
        NetworkProbe.Interface lo = new NetworkProbe(dir.resolve("sys"), dir.resolve("route"), dir.resolve("wireless"))
                .interfaces().stream().filter(i -> i.name().equals("lo")).findFirst().orElseThrow();
        assertThat(lo.loopback()).isTrue();
        assertThat(lo.addresses()).extracting(NetworkProbe.Address::cidr).contains("127.0.0.1/8");
        assertThat(lo.operstate()).contains("unknown");
        assertThat(lo.speedMbps()).as("a speed of -1 is no speed").isEmpty();
        assertThat(lo.wirelessDevice()).isFalse();
        assertThat(lo.wireless()).isEmpty();
    }

    private NetworkProbe probe(Path route, Path wireless) {
        return new NetworkProbe(dir.resolve("sys"), route, wireless);
    }
}
