package org.streetnode.agent.selftest;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/** The node's checks beyond its hardware: clock synchronisation, disk space, name resolution and a route to each server. */
public final class SystemChecks {
    /** Room beyond the buffer's quota: logs, the lamp's state files, an upgrade's new jar. */
    static final long DISK_MARGIN_BYTES = 64L << 20;
    static final Duration DNS_TIMEOUT = Duration.ofSeconds(5);

    private SystemChecks() {
    }

    /** @param synchronised the kernel's answer, or empty where the board does not use it (simulated) */
    public static Check clock(java.util.Optional<BooleanSupplier> synchronised) {
        if (synchronised.isEmpty()) {
            return Check.skip("clock", "synchronisation", "the simulated board trusts the machine's clock");
        }
        return synchronised.get().getAsBoolean()
                ? Check.pass("clock", "synchronisation", "synchronised (the kernel says so)")
                : Check.fail("clock", "synchronisation", "not synchronised: NTP has not set the clock (a Pi has no "
                        + "real-time clock); check the network and `timedatectl timesync-status`");
    }

    /** The data directory: there, writable, and with room for the buffer's quota and a margin. */
    public static Check disk(Path dataDir, long quotaBytes) {
        String item = dataDir.toString();
        if (!Files.isDirectory(dataDir)) {
            return Check.fail("disk", item, "the data directory does not exist (the package and install.sh create it)");
        }
        try {
            Path probe = Files.createTempFile(dataDir, ".selftest", ".tmp");
            Files.delete(probe);
        } catch (IOException e) {
            return Check.fail("disk", item, "cannot write in the data directory: " + e.getMessage());
        }
        try {
            FileStore store = Files.getFileStore(dataDir);
            long free = store.getUsableSpace();
            long needed = quotaBytes + DISK_MARGIN_BYTES;
            String detail = mb(free) + " free of " + mb(store.getTotalSpace()) + "; the buffer may take " + mb(quotaBytes);
            return free >= needed ? Check.pass("disk", item, detail)
                    : Check.fail("disk", item, detail + ": less than " + mb(needed) + " free");
        } catch (IOException e) {
            return Check.fail("disk", item, "cannot read the file system's free space: " + e.getMessage());
        }
    }

    /** Resolves the server's host, then asks the kernel for a route to it (nothing is sent). */
    public static List<Check> network(URI server) {
        String host = server.getHost();
        int port = server.getPort();
        String item = host + ":" + port;
        List<Check> checks = new ArrayList<>();
        InetAddress[] addresses;
        try {
            addresses = resolve(host);
        } catch (UnknownHostException e) {
            checks.add(Check.fail("network", "DNS " + host, "cannot resolve: " + e.getMessage()
                    + " (check /etc/resolv.conf and the uplink)"));
            checks.add(Check.skip("network", "route to " + item, "no address to route to"));
            return checks;
        }
        checks.add(Check.pass("network", "DNS " + host, Arrays.stream(addresses).map(InetAddress::getHostAddress)
                .collect(Collectors.joining(", "))));
        checks.add(route(addresses[0], port, item));
        return checks;
    }

    private static InetAddress[] resolve(String host) throws UnknownHostException {
        FutureTask<InetAddress[]> lookup = new FutureTask<>(() -> InetAddress.getAllByName(host));
        Thread.ofVirtual().start(lookup);
        try {
            return lookup.get(DNS_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            lookup.cancel(true);
            throw new UnknownHostException("no answer from the resolver within " + DNS_TIMEOUT.toSeconds() + " s");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof UnknownHostException u ? u : new UnknownHostException(String.valueOf(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnknownHostException("interrupted");
        }
    }

    /** Connecting a UDP socket sends nothing; the kernel picks the route and the source address, or says there is none. */
    private static Check route(InetAddress address, int port, String item) {
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.connect(address, port);
            InetAddress local = socket.getLocalAddress();
            if (local == null || local.isAnyLocalAddress()) {
                return Check.fail("network", "route to " + item, "the kernel has no route to " + address.getHostAddress());
            }
            NetworkInterface nic = NetworkInterface.getByInetAddress(local);
            return Check.pass("network", "route to " + item, "from " + local.getHostAddress()
                    + (nic == null ? "" : " (" + nic.getName() + ")"));
        } catch (IOException e) {
            return Check.fail("network", "route to " + item, "no route to " + address.getHostAddress() + ": " + e.getMessage());
        }
    }

    private static String mb(long bytes) {
        return (bytes >> 20) + " MB";
    }
}
