package org.streetnode.agent.lwm2m;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.leshan.client.LeshanClient;
import org.eclipse.leshan.client.LeshanClientBuilder;
import org.eclipse.leshan.client.californium.endpoint.CaliforniumClientEndpointsProvider;
import org.eclipse.leshan.client.object.Security;
import org.eclipse.leshan.client.resource.BaseInstanceEnablerFactory;
import org.eclipse.leshan.client.resource.LwM2mInstanceEnabler;
import org.eclipse.leshan.client.resource.LwM2mObjectEnabler;
import org.eclipse.leshan.client.resource.ObjectEnabler;
import org.eclipse.leshan.client.resource.ObjectsInitializer;
import org.eclipse.leshan.client.resource.listener.ObjectsListenerAdapter;
import org.eclipse.leshan.client.servers.ServerInfo;
import org.eclipse.leshan.client.servers.ServersInfo;
import org.eclipse.leshan.client.servers.ServersInfoExtractor;
import org.eclipse.leshan.core.LwM2mId;
import org.eclipse.leshan.core.model.ObjectModel;
import org.eclipse.leshan.core.model.StaticModel;
import org.eclipse.leshan.core.node.LwM2mPath;
import org.streetnode.agent.config.Lwm2mConfig;
import org.streetnode.agent.config.ServerSecurity;
import org.streetnode.agent.delivery.UplinkConditions;
import org.streetnode.agent.lifecycle.AgentThreads;
import org.streetnode.agent.lifecycle.Service;
import org.streetnode.agent.lwm2m.codec.CompactSendEncoder;
import org.streetnode.agent.lwm2m.engine.EngineSettings;
import org.streetnode.agent.lwm2m.engine.NodeRegistrationEngineFactory;
import org.streetnode.agent.lwm2m.engine.RegistrationStatus;
import org.streetnode.agent.lwm2m.engine.RegistrationTracker;
import org.streetnode.agent.lwm2m.model.StreetnodeModels;
import org.streetnode.agent.lwm2m.object.ServerObject;
import org.streetnode.agent.lwm2m.store.ServerAccountsStore;
import org.streetnode.agent.lwm2m.transport.NodeCoapProtocolProvider;
import org.streetnode.agent.lwm2m.transport.NodeCoapsEndpointFactory;
import org.streetnode.agent.lwm2m.transport.NodeCoapsProtocolProvider;
import org.tinylog.Logger;

/**
 * The node's LwM2M client (Leshan 2 on Californium), built from {@code [lwm2m]} and the object
 * instances the composition root hands it. It translates; all state lives in the services the
 * objects read from, except the server accounts themselves (Security and Server objects), which
 * it keeps in the data directory once a bootstrap server has written them.
 *
 * <p>What it sets up around Leshan: its own registration engine (backoff with jitter honouring
 * Server 16-20), the node's DTLS endpoint on {@code local_port} with Connection ID and the
 * configured auto-handshake timeout, the account store, and the read-only views the shell
 * ({@link #status()}) and the buffer ({@link Lwm2mUplink}) use.
 */
public final class Lwm2mClientService implements Service {
    /**
     * Length of the DTLS Connection ID (RFC 9146) the node asks its peers to use. With a CID
     * the server finds the node's DTLS session by the id, not by the address: a NAT rebinding or
     * an address change costs nothing. Four bytes tell a few billion sessions apart.
     */
    static final int CONNECTION_ID_LENGTH = 4;
    /** The agent has 5 s to stop; a de-registration gets at most this much of it. */
    static final Duration DEREGISTRATION_TIMEOUT = Duration.ofMillis(1500);
    /** How long a bootstrap server may take from Bootstrap-Request to Bootstrap-Finish (CoAP MAX_TRANSMIT_WAIT). */
    static final Duration BOOTSTRAP_SESSION_TIMEOUT = Duration.ofSeconds(93);
    /**
     * Resources whose block-wise writes are passed up block by block instead of gathered in memory
     * (Californium's limit is 8 KB): the firmware package.
     */
    static final Set<String> STREAMED_RESOURCES = Set.of("5/0/0");

    private final String endpoint;
    private final Lwm2mConfig config;
    private final Clock clock;
    private final RandomGenerator random;
    private final List<ObjectModel> models;
    private final Map<Integer, LwM2mInstanceEnabler[]> instances;
    private final ServerAccountsStore store;
    private final RegistrationTracker tracker;
    private final NodeCoapsEndpointFactory coaps;
    private final Lwm2mUplink uplink;
    private final AgentThreads threads;
    private volatile LeshanClient client;
    private ServerAccounts factory;
    private String factoryFingerprint = "";

    private Lwm2mClientService(Builder b) {
        this.endpoint = b.endpoint;
        this.config = b.config;
        this.clock = b.clock;
        this.random = b.random;
        this.models = b.models;
        this.instances = new LinkedHashMap<>(b.instances);
        this.store = b.store;
        this.uplink = b.uplink;
        this.threads = b.threads;
        this.tracker = new RegistrationTracker(clock, config.firstContact()
                .map(a -> a.uri().toString()).orElse("(none)"));
        this.coaps = new NodeCoapsEndpointFactory(config.localPort(), config.maxToolSessions(), STREAMED_RESOURCES,
                threads.network(), config.retry().probeTimeout());
        tracker.onChange(s -> refreshUplink());
    }

    /** @param threads the registration engine's and the Sends' threads, and the network's executor */
    public static Builder builder(String endpoint, Lwm2mConfig config, Path dataDir, Clock clock, AgentThreads threads) {
        return new Builder(endpoint, config, dataDir, clock, threads);
    }

    @Override
    public String name() {
        return "lwm2m";
    }

    /** The node's standing with its server, for the shell and the demo. */
    public RegistrationStatus status() {
        return tracker.status();
    }

    /** Registration and the objects served, as the maintenance shell shows them. */
    public synchronized Lwm2mDiagnostics diagnostics() {
        List<Lwm2mDiagnostics.ServedObject> objects = new ArrayList<>();
        if (client != null) {
            client.getObjectTree().getObjectEnablers().forEach((id, enabler) -> objects.add(new Lwm2mDiagnostics.ServedObject(
                    id, enabler.getObjectModel().name, enabler.getObjectModel().version, enabler.getAvailableInstanceIds())));
        }
        return new Lwm2mDiagnostics(endpoint, securityMode(), config.lifetime().toSeconds(), tracker.status(), objects);
    }

    /** The client as the buffer uses it: Send, a registration update, the uplink's conditions. */
    public Lwm2mUplink uplink() {
        return uplink;
    }

    /** Where the node's DTLS endpoint listens (the platform's CoAP tools reach the node there). */
    public Optional<InetSocketAddress> localAddress() {
        return coaps.connector().map(DTLSConnector::getAddress);
    }

    /** The DTLS connector in use, for tests that look at sessions. */
    public Optional<DTLSConnector> dtlsConnector() {
        return coaps.connector();
    }

    /** How many DTLS sessions the platform's tools hold with the node now. */
    public Optional<Integer> toolSessions() {
        return coaps.toolSessions();
    }

    /** The DTLS settings in use (Connection ID, auto-handshake timeout, role), for tests. */
    public Optional<org.eclipse.californium.scandium.config.DtlsConnectorConfig> dtlsConfig() {
        return coaps.config();
    }

    /** Where each sensor's readings live in the object tree: what a Send names them by. */
    public ReadingPaths readingPaths() {
        return ReadingPaths.of(instances);
    }

    /**
     * The node's DTLS credentials towards the LwM2M server it registers with, as they are now
     * (a bootstrap server may have written them); before the client runs, the configured ones.
     */
    public Optional<ServerSecurity> serverCredentials() {
        return uplink.serverCredentials();
    }

    /** The security mode of the account in force: the server's, else the bootstrap server's. */
    private String securityMode() {
        LeshanClient c = client;
        ServersInfo info = c == null ? null : ServersInfoExtractor.getInfo(c.getObjectTree().getObjectEnablers());
        Optional<ServerInfo> account = info == null ? Optional.empty()
                : info.deviceManagements.values().stream().filter(Objects::nonNull).map(ServerInfo.class::cast).findFirst()
                        .or(() -> Optional.ofNullable(info.bootstrap));
        return account.map(a -> a.secureMode.name().toLowerCase(java.util.Locale.ROOT).replace("_", ""))
                .orElse(config.firstContact().map(a -> a.security().mode()).orElse("none"));
    }

    @Override
    public synchronized void start() {
        factory = ServerAccounts.factory(config);
        factoryFingerprint = store.fingerprint(factory.read());
        ServerAccounts accounts = switch (store.load(factoryFingerprint)) {
            case ServerAccountsStore.Nothing nothing -> factory;
            case ServerAccountsStore.Kept kept -> {
                Logger.info("lwm2m: using the server accounts a bootstrap server wrote ({})", store.file());
                yield ServerAccounts.restore(kept.accounts(), config.retry());
            }
            case ServerAccountsStore.Outdated outdated -> {
                Logger.info("lwm2m: the factory configuration changed since the last bootstrap: starting from it");
                forgetQuietly();
                yield factory;
            }
            case ServerAccountsStore.Unusable unusable -> {
                quarantine(unusable.why());
                yield factory;
            }
        };
        try {
            client = build(accounts);
        } catch (IllegalArgumentException | IllegalStateException e) {
            if (accounts == factory) {
                throw e;
            }
            quarantine("the kept accounts are inconsistent: " + e.getMessage());
            client = build(factory);
        }
        uplink.running(Optional.of(client));
        client.getObjectTree().addListener(new ObjectsListenerAdapter() {
            @Override
            public void resourceChanged(LwM2mPath... paths) {
                for (LwM2mPath p : paths) {
                    if (p.getObjectId() == LwM2mId.SERVER) {
                        serverAccountChanged();
                        return;
                    }
                }
            }
        });
        client.start();
        notifying(client, true);
    }

    @Override
    public synchronized void stop() {
        if (client != null) {
            notifying(client, false);
            client.destroy(true);
            client = null;
            uplink.running(Optional.empty());
        }
    }

    private LeshanClient build(ServerAccounts accounts) {
        StaticModel model = new StaticModel(models);
        ObjectsInitializer init = new ObjectsInitializer(model);
        init.setInstancesForObject(LwM2mId.SECURITY, accounts.security().toArray(new Security[0]));
        if (!accounts.servers().isEmpty()) {
            // a factory configuration with only a bootstrap server has no Server instance yet
            init.setInstancesForObject(LwM2mId.SERVER, accounts.servers().toArray(new ServerObject[0]));
        }
        init.setFactoryForObject(LwM2mId.SERVER, new BaseInstanceEnablerFactory() {
            @Override
            public LwM2mInstanceEnabler create() {
                return new ServerObject(config.retry());
            }
        });
        init.setFactoryForObject(LwM2mId.SECURITY, new BaseInstanceEnablerFactory() {
            @Override
            public LwM2mInstanceEnabler create() {
                return new Security();
            }
        });
        List<LwM2mObjectEnabler> objects = new ArrayList<>(init.create(LwM2mId.SECURITY, LwM2mId.SERVER));
        instances.forEach((id, enablers) -> objects.add(new FixedObjectEnabler(model.getObjectModel(id), enablers)));

        CaliforniumClientEndpointsProvider.Builder endpointsBuilder = new CaliforniumClientEndpointsProvider.Builder(
                new NodeCoapProtocolProvider(STREAMED_RESOURCES), new NodeCoapsProtocolProvider(coaps));
        Configuration coapConfig = endpointsBuilder.createDefaultConfiguration();
        coapConfig.set(DtlsConfig.DTLS_CONNECTION_ID_LENGTH, CONNECTION_ID_LENGTH);
        config.autoHandshakeTimeout().ifPresentOrElse(
                t -> coapConfig.set(DtlsConfig.DTLS_AUTO_HANDSHAKE_TIMEOUT, t.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS),
                () -> coapConfig.set(DtlsConfig.DTLS_AUTO_HANDSHAKE_TIMEOUT, null, java.util.concurrent.TimeUnit.MILLISECONDS));
        endpointsBuilder.setConfiguration(coapConfig);
        CaliforniumClientEndpointsProvider endpoints = endpointsBuilder.build();

        Lwm2mConfig.Retry r = config.retry();
        EngineSettings settings = new EngineSettings(config.requestTimeout(), r.probeTimeout(), coaps,
                DEREGISTRATION_TIMEOUT, BOOTSTRAP_SESSION_TIMEOUT,
                new ServerObject.RetrySettings(r.attempts(), r.firstWait(), r.sequenceWait(), r.sequences(), true, false),
                tracker, clock, random, r.jitter(), this::bootstrapped, threads.of("lwm2m-registration"));

        LeshanClientBuilder builder = new LeshanClientBuilder(endpoint)
                .setObjects(objects)
                .setDataSenders(uplink.dataSender())
                .setEncoder(new CompactSendEncoder())
                .setEndpointsProviders(endpoints)
                .setRegistrationEngineFactory(new NodeRegistrationEngineFactory(settings));
        trustStore().ifPresent(builder::setTrustStore);
        threads.network().ifPresent(builder::setSharedExecutor); // notifications
        LeshanClient built = builder.build();
        // the CoAP server the client builds on start would make its own executors; its
        // endpoints take the server's (the DTLS connector gets it from NodeCoapsEndpointFactory)
        threads.network().ifPresent(network -> endpoints.getCoapServer().setExecutors(network, network, true));
        return built;
    }

    /** The node's objects tell the client's listeners of their changes only while it runs ({@link FixedObjectEnabler}). */
    private static void notifying(LeshanClient c, boolean on) {
        for (LwM2mObjectEnabler enabler : c.getObjectTree().getObjectEnablers().values()) {
            if (enabler instanceof FixedObjectEnabler fixed) {
                fixed.notifying(on);
            }
        }
    }

    private Optional<List<Certificate>> trustStore() {
        List<Certificate> trusted = new ArrayList<>();
        config.server().map(Lwm2mConfig.ServerAccount::security)
                .filter(ServerSecurity.X509.class::isInstance).map(ServerSecurity.X509.class::cast)
                .ifPresent(x -> trusted.addAll(x.trusted()));
        config.bootstrap().map(Lwm2mConfig.ServerAccount::security)
                .filter(ServerSecurity.X509.class::isInstance).map(ServerSecurity.X509.class::cast)
                .ifPresent(x -> trusted.addAll(x.trusted()));
        return trusted.isEmpty() ? Optional.empty() : Optional.of(trusted);
    }

    /** The engine finished a bootstrap: keep what the bootstrap server wrote. */
    private void bootstrapped() {
        persist();
        refreshUplink();
    }

    /** A server wrote its Server object (lifetime, Mute Send, ...): keep it, outside bootstrap sessions. */
    private void serverAccountChanged() {
        refreshUplink();
        if (tracker.status().state() != RegistrationStatus.State.BOOTSTRAPPING) {
            Thread.ofVirtual().name("lwm2m-accounts").start(this::persist);
        }
    }

    private synchronized void persist() {
        LeshanClient c = client;
        if (c == null) {
            return;
        }
        try {
            store.save(new ServerAccountsStore.Accounts(
                    ServerAccounts.read(LwM2mId.SECURITY, instancesOf(c, LwM2mId.SECURITY)),
                    ServerAccounts.read(LwM2mId.SERVER, instancesOf(c, LwM2mId.SERVER))), factoryFingerprint);
        } catch (IOException | RuntimeException e) {
            Logger.error("lwm2m: cannot keep the server accounts in {}: {}", store.file(), e.getMessage());
        }
    }

    private static List<LwM2mInstanceEnabler> instancesOf(LeshanClient c, int objectId) {
        List<LwM2mInstanceEnabler> out = new ArrayList<>();
        if (c.getObjectTree().getObjectEnabler(objectId) instanceof ObjectEnabler enabler) {
            for (int id : enabler.getAvailableInstanceIds()) {
                out.add(enabler.getInstance(id));
            }
        }
        return out;
    }

    /** The Server object instance of the server the node registers with (the lowest short id). */
    private Optional<ServerObject> currentServerObject() {
        LeshanClient c = client;
        if (c == null) {
            return Optional.empty();
        }
        return instancesOf(c, LwM2mId.SERVER).stream().filter(ServerObject.class::isInstance).map(ServerObject.class::cast)
                .min(java.util.Comparator.comparingInt(ServerObject::shortServerId));
    }

    private void refreshUplink() {
        Optional<ServerObject> server = currentServerObject();
        uplink.update(new UplinkConditions.Snapshot(tracker.status().registered(),
                server.map(ServerObject::muteSend).orElse(false), server.map(ServerObject::notificationStoring).orElse(true)));
    }

    private void quarantine(String why) {
        try {
            Path aside = store.quarantine();
            Logger.warn("lwm2m: cannot use the kept server accounts ({}); moved them to {} and start from the "
                    + "factory configuration", why, aside);
        } catch (IOException e) {
            Logger.warn("lwm2m: cannot use the kept server accounts ({}) nor move them aside ({}); starting from the "
                    + "factory configuration", why, e.getMessage());
        }
    }

    private void forgetQuietly() {
        try {
            store.forget();
        } catch (IOException e) {
            Logger.warn("lwm2m: cannot delete {}: {}", store.file(), e.getMessage());
        }
    }

    /**
     * Collects what the client serves; the composition root fills it. The parts that outlive
     * the Leshan clients the service builds (the uplink, the kept server accounts) exist from
     * here on, for the objects and the buffer that use them.
     */
    public static final class Builder {
        private final String endpoint;
        private final Lwm2mConfig config;
        private final Clock clock;
        // java.util.Random, not RandomGenerator.getDefault(): that factory costs the start some thirty classes.
        private RandomGenerator random = new Random();
        private final List<ObjectModel> models = List.copyOf(StreetnodeModels.models());
        private final Map<Integer, LwM2mInstanceEnabler[]> instances = new LinkedHashMap<>();
        private final ServerAccountsStore store;
        private final Lwm2mUplink uplink;
        private final AgentThreads threads;

        private Builder(String endpoint, Lwm2mConfig config, Path dataDir, Clock clock, AgentThreads threads) {
            this.endpoint = endpoint;
            this.config = config;
            this.clock = clock;
            this.threads = threads;
            this.store = new ServerAccountsStore(dataDir, new StaticModel(models), clock);
            this.uplink = new Lwm2mUplink(config, threads.of("lwm2m-send"));
        }

        /** The client as the buffer uses it (the built service's {@link Lwm2mClientService#uplink()}). */
        public Lwm2mUplink uplink() {
            return uplink;
        }

        /** Where each sensor's readings will live in the object tree, from the objects added so far. */
        public ReadingPaths readingPaths() {
            return ReadingPaths.of(instances);
        }

        /**
         * What the Device object's Factory Reset does: forget the server accounts a bootstrap
         * server wrote, so the next start begins from the factory configuration, then
         * {@code restart}.
         */
        public Runnable factoryReset(Runnable restart) {
            return () -> {
                Logger.warn("lwm2m: factory reset requested by the platform");
                try {
                    store.forget();
                    Logger.info("lwm2m: factory reset: forgot the server accounts kept in {}", store.file());
                } catch (IOException e) {
                    Logger.error("lwm2m: factory reset: cannot delete {}: {}", store.file(), e.getMessage());
                }
                restart.run();
            };
        }

        /** The source of the retry jitter (tests fix it). */
        public Builder random(RandomGenerator random) {
            this.random = random;
            return this;
        }

        /** Serves instances of an object (any but Security and Server) that the platform cannot create or delete. */
        public Builder object(int objectId, LwM2mInstanceEnabler... objectInstances) {
            if (objectId == LwM2mId.SECURITY || objectId == LwM2mId.SERVER) {
                throw new IllegalArgumentException("the server accounts come from the configuration or a bootstrap server");
            }
            instances.put(objectId, objectInstances);
            return this;
        }

        public Lwm2mClientService build() {
            return new Lwm2mClientService(this);
        }
    }
}
