package org.streetnode.agent.demo;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.leshan.core.endpoint.Protocol;
import org.eclipse.leshan.core.model.ObjectLoader;
import org.eclipse.leshan.core.model.ObjectModel;
import org.eclipse.leshan.core.observation.Observation;
import org.eclipse.leshan.core.request.DownlinkRequest;
import org.eclipse.leshan.core.response.LwM2mResponse;
import org.eclipse.leshan.server.LeshanServer;
import org.eclipse.leshan.server.LeshanServerBuilder;
import org.eclipse.leshan.server.californium.endpoint.CaliforniumServerEndpointsProvider;
import org.eclipse.leshan.server.californium.endpoint.coap.CoapServerProtocolProvider;
import org.eclipse.leshan.server.californium.endpoint.coaps.CoapsServerProtocolProvider;
import org.eclipse.leshan.server.model.VersionedModelProvider;
import org.eclipse.leshan.core.node.TimestampedLwM2mNodes;
import org.eclipse.leshan.core.request.SendRequest;
import org.eclipse.leshan.server.registration.Registration;
import org.eclipse.leshan.server.send.SendListener;
import org.eclipse.leshan.server.registration.RegistrationListener;
import org.eclipse.leshan.server.registration.RegistrationUpdate;
import org.eclipse.leshan.server.security.InMemorySecurityStore;
import org.eclipse.leshan.server.security.NonUniqueSecurityInfoException;
import org.eclipse.leshan.server.security.SecurityInfo;
import org.streetnode.agent.lwm2m.model.StreetnodeModels;

/**
 * A real LwM2M server (Leshan) on loopback: the platform's stand-in for {@code streetnode demo}
 * and the peer of the integration tests. Listens for CoAP and CoAP over DTLS on ephemeral
 * ports of 127.0.0.1 (or the ports asked for, to restart "the same" server), with DTLS
 * Connection ID enabled, and knows the node's object models (plus Leshan's own for the other
 * OMA objects). It authenticates nodes by PSK always, by raw public key when given a key pair,
 * and by X.509 when given a certificate chain and the certificates it trusts for nodes.
 */
public final class EmbeddedLwm2mServer implements AutoCloseable {
    private final LeshanServer server;
    private final InMemorySecurityStore security;
    private final Map<String, Registration> registrations = new ConcurrentHashMap<>();
    private final List<Consumer<Registration>> onRegistered = new CopyOnWriteArrayList<>();
    private boolean closed;

    /**
     * The server's own DTLS identity besides PSK.
     *
     * @param privateKey its private key (RPK and X.509)
     * @param publicKey its public key (RPK)
     * @param certificateChain its certificate chain (X.509; empty for RPK only)
     * @param trustedForNodes the certificates it trusts for nodes' certificates (X.509)
     */
    public record Identity(PrivateKey privateKey, PublicKey publicKey, List<X509Certificate> certificateChain,
            List<X509Certificate> trustedForNodes) {
        public static Identity rpk(PrivateKey privateKey, PublicKey publicKey) {
            return new Identity(privateKey, publicKey, List.of(), List.of());
        }
    }

    private EmbeddedLwm2mServer(int coapPort, int coapsPort, List<ObjectModel> models, Optional<Identity> identity) {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        CaliforniumServerEndpointsProvider endpoints = new CaliforniumServerEndpointsProvider.Builder(
                new CoapServerProtocolProvider(), new CoapsServerProtocolProvider())
                .setConfiguration(c -> c.set(DtlsConfig.DTLS_CONNECTION_ID_LENGTH, 6))
                .addEndpoint(new InetSocketAddress(loopback, coapPort), Protocol.COAP)
                .addEndpoint(new InetSocketAddress(loopback, coapsPort), Protocol.COAPS)
                .build();
        security = new InMemorySecurityStore();
        LeshanServerBuilder builder = new LeshanServerBuilder()
                .setEndpointsProviders(endpoints)
                .setSecurityStore(security)
                .setObjectModelProvider(new VersionedModelProvider(allModels(models)));
        identity.ifPresent(id -> {
            builder.setPrivateKey(id.privateKey()).setPublicKey(id.publicKey());
            if (!id.certificateChain().isEmpty()) {
                builder.setCertificateChain(id.certificateChain().toArray(new X509Certificate[0]))
                        .setTrustedCertificates(id.trustedForNodes().toArray(new X509Certificate[0]));
            }
        });
        server = builder.build();
        server.getRegistrationService().addListener(new RegistrationListener() {
            @Override
            public void registered(Registration registration, Registration previousReg,
                    Collection<Observation> previousObservations) {
                registrations.put(registration.getEndpoint(), registration);
                onRegistered.forEach(l -> l.accept(registration));
            }

            @Override
            public void updated(RegistrationUpdate update, Registration updatedReg, Registration previousReg) {
                registrations.put(updatedReg.getEndpoint(), updatedReg);
            }

            @Override
            public void unregistered(Registration registration, Collection<Observation> observations, boolean expired,
                    Registration newReg) {
                registrations.remove(registration.getEndpoint(), registration);
            }
        });
    }

    /** Starts a server on ephemeral loopback ports, knowing the node's models and the models given. */
    public static EmbeddedLwm2mServer start(List<ObjectModel> models) {
        return start(0, 0, models);
    }

    public static EmbeddedLwm2mServer start(int coapPort, int coapsPort, List<ObjectModel> models) {
        return start(coapPort, coapsPort, models, Optional.empty());
    }

    public static EmbeddedLwm2mServer start(int coapPort, int coapsPort, List<ObjectModel> models,
            Optional<Identity> identity) {
        EmbeddedLwm2mServer s = new EmbeddedLwm2mServer(coapPort, coapsPort, models, identity);
        s.server.start();
        return s;
    }

    /** The node's models, the given ones, and Leshan's models of the OMA objects the node does not define. */
    public static List<ObjectModel> allModels(List<ObjectModel> extra) {
        List<ObjectModel> all = new ArrayList<>(StreetnodeModels.models());
        all.addAll(extra);
        Set<String> defined = new HashSet<>();
        all.forEach(m -> defined.add(m.id + "@" + m.version));
        Set<Integer> ids = new HashSet<>();
        all.forEach(m -> ids.add(m.id));
        for (ObjectModel m : ObjectLoader.loadDefault()) {
            if (!ids.contains(m.id) && defined.add(m.id + "@" + m.version)) {
                all.add(m);
            }
        }
        return all;
    }

    /** Lets the node with {@code endpoint} in with a pre-shared key. */
    public EmbeddedLwm2mServer allowPsk(String endpoint, String identity, byte[] key) {
        return allow(SecurityInfo.newPreSharedKeyInfo(endpoint, identity, key));
    }

    public EmbeddedLwm2mServer allow(SecurityInfo info) {
        try {
            security.add(info);
        } catch (NonUniqueSecurityInfoException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        return this;
    }

    /** Forgets how the node with {@code endpoint} authenticates: it is let in no more. */
    public EmbeddedLwm2mServer forget(String endpoint) {
        security.remove(endpoint, true);
        return this;
    }

    public URI coapsUri() {
        return server.getEndpoint(Protocol.COAPS).getURI();
    }

    public URI coapUri() {
        return server.getEndpoint(Protocol.COAP).getURI();
    }

    public Optional<Registration> registration(String endpoint) {
        return Optional.ofNullable(registrations.get(endpoint));
    }

    /**
     * Called with the readings of every streetnode Send, decoded as a platform would
     * ({@link ReceivedReading}).
     */
    public void onReadings(Consumer<List<ReceivedReading>> listener) {
        onReadingsFrom((endpoint, readings) -> listener.accept(readings));
    }

    /** Called with the sending node's endpoint name and the readings of each of its Sends. */
    public void onReadingsFrom(java.util.function.BiConsumer<String, List<ReceivedReading>> listener) {
        server.getSendService().addListener(new SendListener() {
            @Override
            public void dataReceived(Registration registration, TimestampedLwM2mNodes data, SendRequest request) {
                try {
                    listener.accept(registration.getEndpoint(), ReceivedReading.decode(data));
                } catch (IllegalArgumentException e) {
                    org.tinylog.Logger.warn("demo: a Send from {} not understood: {}", registration.getEndpoint(), e.getMessage());
                }
            }

            @Override
            public void onError(Registration registration, String errorMessage, Exception error) {
                // the node gets the error code in its answer; nothing to decode here
            }
        });
    }

    /**
     * Called with the fault events of every streetnode Send that has some, decoded as a platform
     * would ({@link ReceivedFaultEvent}).
     */
    public void onFaultEvents(Consumer<List<ReceivedFaultEvent>> listener) {
        server.getSendService().addListener(new SendListener() {
            @Override
            public void dataReceived(Registration registration, TimestampedLwM2mNodes data, SendRequest request) {
                try {
                    List<ReceivedFaultEvent> events = ReceivedFaultEvent.decode(data);
                    if (!events.isEmpty()) {
                        listener.accept(events);
                    }
                } catch (IllegalArgumentException | ClassCastException e) {
                    org.tinylog.Logger.warn("Send from {} not understood: {}", registration.getEndpoint(), e.getMessage());
                }
            }

            @Override
            public void onError(Registration registration, String errorMessage, Exception error) {
                // the node gets the error code in its answer; nothing to decode here
            }
        });
    }

    /** Called on every new registration (a node registering, or registering again). */
    public void onRegistered(Consumer<Registration> listener) {
        onRegistered.add(listener);
    }

    /** Sends a request to a registered node, as the platform would. */
    public <T extends LwM2mResponse> T send(String endpoint, DownlinkRequest<T> request, long timeoutMs)
            throws InterruptedException {
        Registration r = registration(endpoint)
                .orElseThrow(() -> new IllegalStateException(endpoint + " is not registered"));
        return server.send(r, request, timeoutMs);
    }

    public LeshanServer leshan() {
        return server;
    }

    /** The server's DTLS connector, for tests that make it lose its sessions. */
    public org.eclipse.californium.scandium.DTLSConnector dtlsConnector() {
        var endpoint = (org.eclipse.leshan.server.californium.endpoint.CaliforniumServerEndpoint) server
                .getEndpoint(Protocol.COAPS);
        return (org.eclipse.californium.scandium.DTLSConnector) endpoint.getCoapEndpoint().getConnector();
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            server.destroy();
        }
    }
}
