package org.streetnode.agent.lwm2m.object;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What Linux says about the node's network, read when asked (never cached: addresses change):
 * the interfaces that are up ({@link NetworkInterface}), the default route and its gateway
 * ({@code /proc/net/route}), and the radio figures of wireless interfaces
 * ({@code /proc/net/wireless}, present where a Wi-Fi driver exposes them).
 */
final class NetworkProbe {
    /** LwM2M Connectivity Monitoring bearers (object 4, resource 0). */
    static final int WLAN = 21;
    static final int ETHERNET = 41;

    private final Path procNetRoute;
    private final Path procNetWireless;
    private final Path sysClassNet;

    NetworkProbe() {
        this(Path.of("/proc/net/route"), Path.of("/proc/net/wireless"), Path.of("/sys/class/net"));
    }

    NetworkProbe(Path procNetRoute, Path procNetWireless, Path sysClassNet) {
        this.procNetRoute = procNetRoute;
        this.procNetWireless = procNetWireless;
        this.sysClassNet = sysClassNet;
    }

    /** An interface and its routing, as the probe found it. */
    record Link(String name, Optional<Integer> bearer, List<String> addresses, Optional<String> gateway) {
    }

    /** Signal level in dBm and link quality as the wireless driver reports them. */
    record Radio(int levelDbm, int quality) {
    }

    /** The interface the default route leaves through, else the first one that is up. */
    Optional<Link> uplink() {
        List<Link> links = links();
        Optional<String> routeInterface = defaultRoute().map(RouteEntry::iface);
        return links.stream().filter(l -> routeInterface.isPresent() && l.name().equals(routeInterface.get())).findFirst()
                .or(() -> links.stream().findFirst());
    }

    /** Every interface that is up, except loopback, in the system's order. */
    List<Link> links() {
        List<Link> out = new ArrayList<>();
        Optional<RouteEntry> route = defaultRoute();
        try {
            for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!ni.isUp() || ni.isLoopback() || ni.isVirtual()) {
                    continue;
                }
                List<String> addresses = new ArrayList<>();
                for (InetAddress a : Collections.list(ni.getInetAddresses())) {
                    if (!a.isLinkLocalAddress()) {
                        addresses.add(a instanceof Inet4Address ? a.getHostAddress() : strippedScope(a));
                    }
                }
                Optional<String> gateway = route.filter(r -> r.iface().equals(ni.getName())).map(RouteEntry::gateway);
                out.add(new Link(ni.getName(), bearer(ni.getName()), addresses, gateway));
            }
        } catch (SocketException e) {
            // no interfaces to report
        }
        return out;
    }

    /** The distinct bearers of the interfaces that are up. */
    List<Integer> availableBearers() {
        Set<Integer> bearers = new LinkedHashSet<>();
        links().forEach(l -> l.bearer().ifPresent(bearers::add));
        return List.copyOf(bearers);
    }

    Optional<Radio> radio(String iface) {
        try {
            return parseWireless(Files.readAllLines(procNetWireless), iface);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** WLAN for interfaces with a wireless directory in sysfs or a {@code wl} name, Ethernet for wired ones. */
    Optional<Integer> bearer(String iface) {
        if (Files.isDirectory(sysClassNet.resolve(iface).resolve("wireless")) || iface.startsWith("wl")) {
            return Optional.of(WLAN);
        }
        if (iface.startsWith("eth") || iface.startsWith("en") || iface.startsWith("usb")) {
            return Optional.of(ETHERNET);
        }
        return Optional.empty();
    }

    record RouteEntry(String iface, String gateway) {
    }

    Optional<RouteEntry> defaultRoute() {
        try {
            return parseDefaultRoute(Files.readAllLines(procNetRoute));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * {@code /proc/net/route}: a header line, then {@code Iface Destination Gateway Flags ...}
     * with addresses as little-endian hex. The default route has destination 0.
     */
    static Optional<RouteEntry> parseDefaultRoute(List<String> lines) {
        for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 3 && f[1].equals("00000000")) {
                try {
                    byte[] le = HexFormat.of().parseHex(f[2]);
                    byte[] be = {le[3], le[2], le[1], le[0]};
                    return Optional.of(new RouteEntry(f[0], InetAddress.getByAddress(be).getHostAddress()));
                } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException | UnknownHostException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    /**
     * {@code /proc/net/wireless}: two header lines, then
     * {@code wlan0: 0000   70.  -40.  -256  0 0 0 0 0 0}: status, link quality, level (dBm), noise.
     */
    static Optional<Radio> parseWireless(List<String> lines, String iface) {
        for (String line : lines) {
            String t = line.trim();
            if (t.startsWith(iface + ":")) {
                String[] f = t.substring(iface.length() + 1).trim().split("\\s+");
                try {
                    return Optional.of(new Radio((int) Double.parseDouble(f[2].replace(".", "")),
                            (int) Double.parseDouble(f[1].replace(".", ""))));
                } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    private static String strippedScope(InetAddress a) {
        String s = a.getHostAddress();
        int percent = s.indexOf('%');
        return percent < 0 ? s : s.substring(0, percent);
    }
}
