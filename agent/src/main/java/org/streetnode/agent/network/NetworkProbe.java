package org.streetnode.agent.network;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What Linux says about the node's network, read when asked (never cached: addresses change):
 * the interfaces ({@link NetworkInterface}) with their link state and speed
 * ({@code /sys/class/net}), the default route and its gateway ({@code /proc/net/route}), and
 * the radio figures of wireless interfaces ({@code /proc/net/wireless}, present where a Wi-Fi
 * driver exposes them). A file that is missing or a line it cannot read gives no figure, never
 * a made-up one. The shell shows it ({@code net}); LwM2M reports it (Connectivity Monitoring).
 */
public final class NetworkProbe {
    private final Path sysClassNet;
    private final Path procNetRoute;
    private final Path procNetWireless;

    /** The probe of this machine. */
    public NetworkProbe() {
        this(Path.of("/sys/class/net"), Path.of("/proc/net/route"), Path.of("/proc/net/wireless"));
    }

    public NetworkProbe(Path sysClassNet, Path procNetRoute, Path procNetWireless) {
        this.sysClassNet = sysClassNet;
        this.procNetRoute = procNetRoute;
        this.procNetWireless = procNetWireless;
    }

    /**
     * @param operstate the kernel's operational state ("up", "down", "dormant", ...)
     * @param speedMbps the negotiated speed, for wired links that report one
     * @param wirelessDevice whether sysfs calls it a wireless device ({@code /sys/class/net/NAME/wireless})
     * @param wireless link quality and levels, for Wi-Fi interfaces whose driver reports them
     */
    public record Interface(String name, boolean up, boolean loopback, Optional<String> mac, List<Address> addresses,
            Optional<String> operstate, Optional<Integer> speedMbps, boolean wirelessDevice, Optional<Wireless> wireless) {
    }

    /** An address of an interface, without its IPv6 scope. */
    public record Address(InetAddress ip, int prefixLength) {
        /** The address as text, IPv6 scope left out. */
        public String text() {
            String s = ip.getHostAddress();
            int zone = s.indexOf('%');
            return zone < 0 ? s : s.substring(0, zone);
        }

        /** {@code 192.168.0.17/24} */
        public String cidr() {
            return text() + "/" + prefixLength;
        }
    }

    /**
     * @param linkQuality the driver's link quality figure (most drivers count to 70)
     * @param signalDbm the received signal level
     * @param noiseDbm the noise level, when the driver reports one
     */
    public record Wireless(double linkQuality, double signalDbm, Optional<Double> noiseDbm) {
    }

    /** The default route: the interface it leaves through and its gateway. */
    public record Route(String iface, String gateway) {
    }

    /** Every interface, sorted by name. */
    public List<Interface> interfaces() {
        Map<String, Wireless> wireless = wireless();
        List<Interface> out = new ArrayList<>();
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                out.add(describe(nic, wireless));
            }
        } catch (SocketException e) {
            throw new IllegalStateException("cannot list network interfaces: " + e.getMessage(), e);
        }
        out.sort(Comparator.comparing(Interface::name));
        return out;
    }

    private Interface describe(NetworkInterface nic, Map<String, Wireless> wireless) throws SocketException {
        List<Address> addresses = new ArrayList<>();
        for (InterfaceAddress a : nic.getInterfaceAddresses()) {
            addresses.add(new Address(a.getAddress(), a.getNetworkPrefixLength()));
        }
        byte[] hw = nic.getHardwareAddress();
        Optional<String> mac = hw == null || hw.length == 0 ? Optional.empty()
                : Optional.of(HexFormat.ofDelimiter(":").formatHex(hw));
        Path sys = sysClassNet.resolve(nic.getName());
        Optional<Integer> speed = read(sys.resolve("speed")).flatMap(NetworkProbe::positiveInt);
        return new Interface(nic.getName(), nic.isUp(), nic.isLoopback(), mac, addresses, read(sys.resolve("operstate")),
                speed, Files.isDirectory(sys.resolve("wireless")), Optional.ofNullable(wireless.get(nic.getName())));
    }

    /** The default route, when there is one. */
    public Optional<Route> defaultRoute() {
        try {
            return parseDefaultRoute(Files.readAllLines(procNetRoute));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The radio figures of each wireless interface, by name; empty without wireless extensions. */
    public Map<String, Wireless> wireless() {
        try {
            return parseWireless(Files.readAllLines(procNetWireless));
        } catch (IOException e) {
            return Map.of(); // no wireless extensions: no Wi-Fi
        }
    }

    /**
     * {@code /proc/net/route}: a header line, then {@code Iface Destination Gateway Flags ...}
     * with addresses as little-endian hex. The default route has destination 0.
     */
    static Optional<Route> parseDefaultRoute(List<String> lines) {
        for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 3 && f[1].equals("00000000")) {
                try {
                    byte[] le = HexFormat.of().parseHex(f[2]);
                    byte[] be = {le[3], le[2], le[1], le[0]};
                    return Optional.of(new Route(f[0], InetAddress.getByAddress(be).getHostAddress()));
                } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException | UnknownHostException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    /**
     * {@code /proc/net/wireless}: two header lines, then
     * {@code wlan0: 0000   54.  -56.  -256  0 0 0 0 12 0}: status, link quality, level (dBm), noise
     * (dBm; -256 is the driver's "no noise figure"), the numbers written with a trailing dot.
     */
    static Map<String, Wireless> parseWireless(List<String> lines) {
        Map<String, Wireless> out = new LinkedHashMap<>();
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
