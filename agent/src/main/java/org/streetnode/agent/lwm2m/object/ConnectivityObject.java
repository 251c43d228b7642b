package org.streetnode.agent.lwm2m.object;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.leshan.core.model.ResourceModel.Type;
import org.eclipse.leshan.core.response.ReadResponse;
import org.streetnode.agent.lwm2m.model.CoreObjects;

/**
 * LwM2M Connectivity Monitoring (object 4 v1.2, instance 0; model:
 * {@link CoreObjects#CONNECTIVITY_MONITORING}), read live from the operating system
 * ({@link NetworkProbe}).
 *
 * <p>0 Network Bearer: of the interface the default route uses (21 WLAN, 41 Ethernet);
 * 1 Available Network Bearer: of every interface that is up; 2 Radio Signal Strength (dBm) and
 * 3 Link Quality: from {@code /proc/net/wireless} for a Wi-Fi uplink; 4 IP Addresses: of the
 * uplink interface (link-local ones left out); 5 Router IP Addresses: its default gateway.
 * Where the system has no such figure (a wired uplink has no radio, an unknown interface kind
 * has no bearer number) the resource is absent (4.04) rather than made up, mandatory or not.
 */
public final class ConnectivityObject extends ModelledInstance {
    private final NetworkProbe probe;

    public ConnectivityObject() {
        this(new NetworkProbe());
    }

    ConnectivityObject(NetworkProbe probe) {
        super(CoreObjects.CONNECTIVITY_MONITORING, 0);
        this.probe = probe;
    }

    @Override
    protected Collection<Integer> served() {
        List<Integer> ids = new ArrayList<>(List.of(1, 4));
        Optional<NetworkProbe.Link> uplink = probe.uplink();
        uplink.flatMap(NetworkProbe.Link::bearer).ifPresent(b -> ids.add(0));
        uplink.flatMap(l -> probe.radio(l.name())).ifPresent(r -> ids.addAll(List.of(2, 3)));
        uplink.flatMap(NetworkProbe.Link::gateway).ifPresent(g -> ids.add(5));
        return ids;
    }

    @Override
    protected ReadResponse readServed(int resourceId) {
        Optional<NetworkProbe.Link> uplink = probe.uplink();
        return switch (resourceId) {
            case 0 -> uplink.flatMap(NetworkProbe.Link::bearer).map(b -> ReadResponse.success(0, (long) b))
                    .orElse(ReadResponse.notFound());
            case 1 -> ReadResponse.success(1, indexed(probe.availableBearers().stream().map(Integer::longValue).toList()),
                    Type.INTEGER);
            case 2 -> radio(uplink).map(r -> ReadResponse.success(2, (long) r.levelDbm())).orElse(ReadResponse.notFound());
            case 3 -> radio(uplink).map(r -> ReadResponse.success(3, (long) r.quality())).orElse(ReadResponse.notFound());
            case 4 -> ReadResponse.success(4, indexed(uplink.map(NetworkProbe.Link::addresses).orElse(List.of())),
                    Type.STRING);
            case 5 -> uplink.flatMap(NetworkProbe.Link::gateway)
                    .map(g -> ReadResponse.success(5, indexed(List.of(g)), Type.STRING)).orElse(ReadResponse.notFound());
            default -> ReadResponse.notFound();
        };
    }

    private Optional<NetworkProbe.Radio> radio(Optional<NetworkProbe.Link> uplink) {
        return uplink.flatMap(l -> probe.radio(l.name()));
    }

    private static <T> Map<Integer, T> indexed(List<T> values) {
        Map<Integer, T> m = new HashMap<>();
        for (int i = 0; i < values.size(); i++) {
            m.put(i, values.get(i));
        }
        return m;
    }
}
