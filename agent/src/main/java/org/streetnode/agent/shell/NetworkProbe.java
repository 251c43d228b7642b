package org.streetnode.agent.shell;

import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The node's network as the OS sees it: each interface with its addresses, link state and speed
 * ({@code /sys/class/net}) and, for Wi-Fi, link quality and signal level ({@code /proc/net/wireless}).
 */
public final class NetworkProbe implements DiagnosticsSource<NetworkProbe.NetView> {
    private final Path sysClassNet;
    private final Path procNetWireless;

    public NetworkProbe() {
        this(Path.of("/sys/class/net"), Path.of("/proc/net/wireless"));
    }

    NetworkProbe(Path sysClassNet, Path procNetWireless) {
        this.sysClassNet = sysClassNet;
        this.procNetWireless = procNetWireless;
    }

    public record NetView(List<Interface> interfaces) {
    }

    /**
     * @param operstate the kernel's operational state ("up", "down", "dormant", ...)
     * @param speedMbps the negotiated speed, for wired links that report one
     * @param wireless link quality and levels, for Wi-Fi interfaces
     */
    public record Interface(String name, boolean up, boolean loopback, Optional<String> mac, List<String> addresses,
            Optional<String> operstate, Optional<Integer> speedMbps, Optional<Wireless> wireless) {
    }

    /**
     * @param linkQuality the driver's link quality figure (most drivers count to 70)
     * @param signalDbm the received signal level
     * @param noiseDbm the noise level, when the driver reports one
     */
    public record Wireless(double linkQuality, double signalDbm, Optional<Double> noiseDbm) {
    }

    @Override
    public NetView snapshot() {
        Map<String, Wireless> wireless = wireless();
        List<Interface> out = new ArrayList<>();
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                out.add(describe(nic, wireless));
            }
        } catch (SocketException e) {
            throw new IllegalStateException("cannot list network interfaces: " + e.getMessage(), e);
        }
        out.sort(java.util.Comparator.comparing(Interface::name));
        return new NetView(out);
    }

    private Interface describe(NetworkInterface nic, Map<String, Wireless> wireless) throws SocketException {
        List<String> addresses = new ArrayList<>();
        nic.getInterfaceAddresses().forEach(a -> addresses.add(format(a.getAddress()) + "/" + a.getNetworkPrefixLength()));
        byte[] hw = nic.getHardwareAddress();
        Optional<String> mac = hw == null || hw.length == 0 ? Optional.empty()
                : Optional.of(HexFormat.ofDelimiter(":").formatHex(hw));
        Path sys = sysClassNet.resolve(nic.getName());
        Optional<Integer> speed = read(sys.resolve("speed")).flatMap(NetworkProbe::positiveInt);
        return new Interface(nic.getName(), nic.isUp(), nic.isLoopback(), mac, addresses, read(sys.resolve("operstate")),
                speed, Optional.ofNullable(wireless.get(nic.getName())));
    }

    private static String format(InetAddress a) {
        String s = a.getHostAddress();
        int zone = s.indexOf('%');
        return zone < 0 ? s : s.substring(0, zone);
    }

    /** Parses {@code /proc/net/wireless}: two header lines, then "wlan0: 0000   54.  -56.  -256 ...". */
    Map<String, Wireless> wireless() {
        Map<String, Wireless> out = new LinkedHashMap<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(procNetWireless);
        } catch (IOException e) {
            return out; // no wireless extensions: no Wi-Fi
        }
        for (String line : lines.subList(Math.min(2, lines.size()), lines.size())) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String[] f = line.substring(colon + 1).trim().split("\\s+");
            if (f.length < 4) {
                continue;
            }
            try {
                double noise = number(f[3]);
                // -256 dBm is the driver's "no noise figure"
                out.put(line.substring(0, colon).trim(), new Wireless(number(f[1]), number(f[2]),
                        noise <= -256 ? Optional.empty() : Optional.of(noise)));
            } catch (NumberFormatException e) {
                // a line we do not understand is left out rather than shown wrong
            }
        }
        return out;
    }

    private static double number(String field) {
        return Double.parseDouble(field.endsWith(".") ? field.substring(0, field.length() - 1) : field);
    }

    private static Optional<String> read(Path file) {
        try {
            return Optional.of(Files.readString(file).strip()).filter(s -> !s.isEmpty());
        } catch (IOException e) {
            return Optional.empty(); // e.g. "speed" of a link that is down cannot be read
        }
    }

    private static Optional<Integer> positiveInt(String s) {
        try {
            int n = Integer.parseInt(s);
            return n > 0 ? Optional.of(n) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
