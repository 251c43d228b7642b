package org.streetnode.agent.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.leshan.core.observation.Observation;
import org.eclipse.leshan.server.registration.Registration;
import org.eclipse.leshan.server.registration.RegistrationListener;
import org.eclipse.leshan.server.registration.RegistrationUpdate;
import org.streetnode.agent.demo.EmbeddedLwm2mServer;
import org.streetnode.agent.demo.ReceivedReading;

/**
 * The platform's side of {@code deploy-scripts/arch-check.sh}: the embedded Leshan server on
 * loopback, letting one node in by DTLS-PSK, printing one line per event for the script to read.
 * The node runs in an emulated chroot that shares the host's network, so loopback reaches it.
 *
 * <pre>
 * java -cp agent/target/streetnode.jar agent/src/bench/java/org/streetnode/agent/bench/ArchCheckServer.java \
 *     ENDPOINT IDENTITY KEY_FILE
 * </pre>
 *
 * KEY_FILE holds the key as hex digits (the node's own 0600 file). Prints {@code listening URI},
 * then {@code registered ENDPOINT}, {@code send N readings (total T) first PATH VALUE TIME} per
 * Send, {@code deregistered ENDPOINT}; runs until its standard input is closed.
 */
public final class ArchCheckServer {
    private ArchCheckServer() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: ArchCheckServer ENDPOINT IDENTITY KEY_FILE");
            System.exit(2);
        }
        String endpoint = args[0];
        byte[] key = HexFormat.of().parseHex(Files.readString(Path.of(args[2]), StandardCharsets.US_ASCII).strip());
        AtomicLong total = new AtomicLong();
        try (EmbeddedLwm2mServer server = EmbeddedLwm2mServer.start(List.of())) {
            server.allowPsk(endpoint, args[1], key);
            server.onRegistered(r -> say("registered " + r.getEndpoint()));
            server.onReadings(readings -> {
                long sum = total.addAndGet(readings.size());
                String first = readings.isEmpty() ? "" : describe(readings.get(0));
                say("send " + readings.size() + " readings (total " + sum + ")" + first);
            });
            server.leshan().getRegistrationService().addListener(new DeregistrationPrinter());
            say("listening " + server.coapsUri());
            InputStream in = System.in;
            while (in.read() >= 0) {
                // the script closes standard input to stop the server
            }
        }
    }

    private static String describe(ReceivedReading r) {
        return " first " + r.path() + " " + r.value() + " " + r.timestamp();
    }

    private static synchronized void say(String line) {
        System.out.println(line);
        System.out.flush();
    }

    private static final class DeregistrationPrinter implements RegistrationListener {
        @Override
        public void registered(Registration registration, Registration previous,
                Collection<Observation> observations) {
            // printed through EmbeddedLwm2mServer.onRegistered
        }

        @Override
        public void updated(RegistrationUpdate update, Registration updated, Registration previous) {
            // a registration update says nothing the script asks about
        }

        @Override
        public void unregistered(Registration registration, Collection<Observation> observations,
                boolean expired, Registration replacement) {
            say((expired ? "expired " : "deregistered ") + registration.getEndpoint());
        }
    }
}
