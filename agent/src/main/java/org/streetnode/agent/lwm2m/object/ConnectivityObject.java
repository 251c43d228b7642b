package org.streetnode.agent.lwm2m.object;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.leshan.core.model.ResourceModel.Type;
import org.eclipse.leshan.core.response.ReadResponse;
import org.streetnode.agent.lwm2m.model.CoreObjects;
import org.streetnode.agent.network.NetworkProbe;

/**
 * LwM2M Connectivity Monitoring (object 4 v1.2, instance 0; model:
 * {@link CoreObjects#CONNECTIVITY_MONITORING}), read live from the operating system
 * ({@link NetworkProbe}; never cached: addresses change).
 *
 * <p>0 Network Bearer: of the interface the default route uses (21 WLAN, 41 Ethernet);
 * 1 Available Network Bearer: of every interface that is up; 2 Radio Signal Strength (dBm) and
 * 3 Link Quality: from {@code /proc/net/wireless} for a Wi-Fi uplink; 4 IP Addresses: of the
 * uplink interface (link-local ones left out); 5 Router IP Addresses: its default gateway.
 * Where the system has no such figure (a wired uplink has no radio, an unknown interface kind
 * has no bearer number) the resource is absent (4.04) rather than made up, mandatory or not.
 */
public final class ConnectivityObject extends ModelledInstance {
    /** LwM2M Connectivity Monitoring bearers (resource 0). */
    static final int WLAN = 21;
    static final int ETHERNET = 41;

    private final NetworkProbe probe;

    public ConnectivityObject(NetworkProbe probe) {
        super(CoreObjects.CONNECTIVITY_MONITORING, 0);
        this.probe = probe;
    }

    /** An interface that is up and its routing, as the object reports it. */
    record Link(String name, Optional<Integer> bearer, List<String> addresses, Optional<String> gateway,
            Optional<NetworkProbe.Wireless> radio) {
    }

    @Override
    protected Collection<Integer> served() {
        List<Integer> ids = new ArrayList<>(List.of(1, 4));
        Optional<NetworkProbe.Route> route = probe.defaultRoute();
        Optional<Link> uplink = uplink(links(route), route);
        uplink.flatMap(Link::bearer).ifPresent(b -> ids.add(0));
        uplink.flatMap(Link::radio).ifPresent(r -> ids.addAll(List.of(2, 3)));
        uplink.flatMap(Link::gateway).ifPresent(g -> ids.add(5));
        return ids;
    }

    @Override
    protected ReadResponse readServed(int resourceId) {
        Optional<NetworkProbe.Route> route = probe.defaultRoute();
        List<Link> links = links(route);
        Optional<Link> uplink = uplink(links, route);
        Optional<NetworkProbe.Wireless> radio = uplink.flatMap(Link::radio);
        return switch (resourceId) {
            case 0 -> uplink.flatMap(Link::bearer).map(b -> ReadResponse.success(0, (long) b))
                    .orElse(ReadResponse.notFound());
            case 1 -> ReadResponse.success(1, indexed(bearers(links)), Type.INTEGER);
            case 2 -> radio.map(r -> ReadResponse.success(2, Math.round(r.signalDbm()))).orElse(ReadResponse.notFound());
            case 3 -> radio.map(r -> ReadResponse.success(3, Math.round(r.linkQuality()))).orElse(ReadResponse.notFound());
            case 4 -> ReadResponse.success(4, indexed(uplink.map(Link::addresses).orElse(List.of())), Type.STRING);
            case 5 -> uplink.flatMap(Link::gateway)
                    .map(g -> ReadResponse.success(5, indexed(List.of(g)), Type.STRING)).orElse(ReadResponse.notFound());
            default -> ReadResponse.notFound();
        };
    }

    /** Every interface that is up, except loopback, with its non-link-local addresses. */
    List<Link> links(Optional<NetworkProbe.Route> route) {
        List<NetworkProbe.Interface> interfaces;
        try {
            interfaces = probe.interfaces();
        } catch (IllegalStateException e) {
            return List.of(); // no interfaces to report
        }
        List<Link> out = new ArrayList<>();
        for (NetworkProbe.Interface i : interfaces) {
            if (i.up() && !i.loopback()) {
                List<String> addresses = i.addresses().stream().filter(a -> !a.ip().isLinkLocalAddress())
                        .map(NetworkProbe.Address::text).toList();
                Optional<String> gateway = route.filter(r -> r.iface().equals(i.name())).map(NetworkProbe.Route::gateway);
                out.add(new Link(i.name(), bearer(i), addresses, gateway, i.wireless()));
            }
        }
        return out;
    }

    /** The interface the default route leaves through, else the first one that is up. */
    private static Optional<Link> uplink(List<Link> links, Optional<NetworkProbe.Route> route) {
        Optional<String> routeInterface = route.map(NetworkProbe.Route::iface);
        return links.stream().filter(l -> routeInterface.isPresent() && l.name().equals(routeInterface.get())).findFirst()
                .or(() -> links.stream().findFirst());
    }

    /** The distinct bearers of the interfaces that are up. */
    private static List<Long> bearers(List<Link> links) {
        Set<Long> bearers = new LinkedHashSet<>();
        links.forEach(l -> l.bearer().ifPresent(b -> bearers.add((long) b)));
        return List.copyOf(bearers);
    }

    /** WLAN for interfaces sysfs calls wireless or with a {@code wl} name, Ethernet for wired ones. */
    static Optional<Integer> bearer(NetworkProbe.Interface i) {
        String name = i.name();
        if (i.wirelessDevice() || name.startsWith("wl")) {
            return Optional.of(WLAN);
        }
        if (name.startsWith("eth") || name.startsWith("en") || name.startsWith("usb")) {
            return Optional.of(ETHERNET);
        }
        return Optional.empty();
    }

    private static <T> Map<Integer, T> indexed(List<T> values) {
        Map<Integer, T> m = new HashMap<>();
        for (int i = 0; i < values.size(); i++) {
            m.put(i, values.get(i));
        }
        return m;
    }
}
