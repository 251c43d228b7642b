package org.streetnode.agent.shell;

import java.util.List;
import java.util.Optional;
import org.streetnode.agent.network.NetworkProbe;

/**
 * {@code net}: each interface with its addresses, link state and speed and, for Wi-Fi, link
 * quality and signal level, as the {@link NetworkProbe} finds them.
 */
public final class NetworkDiagnostics implements DiagnosticsSource<NetworkDiagnostics.NetView> {
    private final NetworkProbe probe;

    public NetworkDiagnostics(NetworkProbe probe) {
        this.probe = probe;
    }

    public record NetView(List<Interface> interfaces) {
    }

    /** An interface as the shell shows it: addresses as {@code address/prefix}. */
    public record Interface(String name, boolean up, boolean loopback, Optional<String> mac, List<String> addresses,
            Optional<String> operstate, Optional<Integer> speedMbps, Optional<NetworkProbe.Wireless> wireless) {
    }

    @Override
    public NetView snapshot() {
        return new NetView(probe.interfaces().stream()
                .map(i -> new Interface(i.name(), i.up(), i.loopback(), i.mac(),
                        i.addresses().stream().map(NetworkProbe.Address::cidr).toList(), i.operstate(), i.speedMbps(),
                        i.wireless()))
                .toList());
    }
}
