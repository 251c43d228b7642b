package org.streetnode.agent.lwm2m;

import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.leshan.client.LeshanClient;
import org.eclipse.leshan.client.LeshanClientBuilder;
import org.eclipse.leshan.client.californium.endpoint.CaliforniumClientEndpointsProvider;
import org.eclipse.leshan.client.californium.endpoint.coap.CoapClientProtocolProvider;
import org.eclipse.leshan.client.californium.endpoint.coaps.CoapsClientProtocolProvider;
import org.eclipse.leshan.client.engine.DefaultRegistrationEngineFactory;
import org.eclipse.leshan.client.object.Security;
import org.eclipse.leshan.client.object.Server;
import org.eclipse.leshan.client.resource.LwM2mInstanceEnabler;
import org.eclipse.leshan.client.resource.LwM2mObjectEnabler;
import org.eclipse.leshan.client.resource.ObjectsInitializer;
import org.eclipse.leshan.core.LwM2mId;
import org.eclipse.leshan.core.model.ObjectLoader;
import org.eclipse.leshan.core.model.ObjectModel;
import org.eclipse.leshan.core.model.StaticModel;
import org.streetnode.agent.config.Lwm2mConfig;
import org.streetnode.agent.config.ServerSecurity;
import org.streetnode.agent.lifecycle.Service;

/**
 * The node's LwM2M client (Leshan on Californium), built from {@code [lwm2m]} and the object
 * instances the composition root hands it. It translates; all state lives in the services the
 * objects read from.
 */
public final class Lwm2mClientService implements Service {
    private final String endpoint;
    private final Lwm2mConfig config;
    private final List<ObjectModel> models;
    private final Map<Integer, LwM2mInstanceEnabler[]> instances;
    private final RegistrationTracker tracker;
    private LeshanClient client;

    private Lwm2mClientService(Builder b) {
        this.endpoint = b.endpoint;
        this.config = b.config;
        this.models = List.copyOf(b.models);
        this.instances = new LinkedHashMap<>(b.instances);
        this.tracker = new RegistrationTracker(b.clock, b.config.serverUri().toString());
    }

    public static Builder builder(String endpoint, Lwm2mConfig config, Clock clock) {
        return new Builder(endpoint, config, clock);
    }

    @Override
    public String name() {
        return "lwm2m";
    }

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
        return new Lwm2mDiagnostics(endpoint, config.security().mode(), config.lifetime().toSeconds(), tracker.status(),
                objects);
    }

    @Override
    public synchronized void start() {
        StaticModel model = new StaticModel(models);
        ObjectsInitializer init = new ObjectsInitializer(model);
        init.setInstancesForObject(LwM2mId.SECURITY, security());
        init.setInstancesForObject(LwM2mId.SERVER, new Server(config.shortServerId(), config.lifetime().toSeconds()));
        List<LwM2mObjectEnabler> objects = new ArrayList<>(init.createAll());
        instances.forEach((id, enablers) -> objects.add(new FixedObjectEnabler(model.getObjectModel(id), enablers)));

        CaliforniumClientEndpointsProvider.Builder endpoints = new CaliforniumClientEndpointsProvider.Builder(
                new CoapClientProtocolProvider(), new CoapsClientProtocolProvider());

        DefaultRegistrationEngineFactory engine = new DefaultRegistrationEngineFactory();
        engine.setDeregistrationTimeoutInMs(1500); // the whole agent has 5 s to stop

        LeshanClientBuilder builder = new LeshanClientBuilder(endpoint)
                .setObjects(objects)
                .setEndpointsProviders(endpoints.build())
                .setRegistrationEngineFactory(engine);
        if (config.security() instanceof ServerSecurity.X509 x509) {
            builder.setTrustStore(new ArrayList<Certificate>(x509.trusted()));
        }
        client = builder.build();
        client.addObserver(tracker);
        tracker.starting();
        client.start();
    }

    @Override
    public synchronized void stop() {
        if (client != null) {
            client.destroy(true);
            client = null;
            tracker.stopped();
        }
    }

    private Security security() {
        String uri = config.serverUri().toString();
        int id = config.shortServerId();
        return switch (config.security()) {
            case ServerSecurity.Psk psk -> Security.psk(uri, id, psk.identity().getBytes(StandardCharsets.UTF_8), psk.key().bytes());
            case ServerSecurity.Rpk rpk -> Security.rpk(uri, id, rpk.publicKey().getEncoded(),
                    rpk.privateKey().getEncoded(), rpk.serverPublicKey().getEncoded());
            case ServerSecurity.X509 x509 -> x509Security(uri, id, x509);
            case ServerSecurity.NoSec noSec -> Security.noSec(uri, id);
        };
    }

    private static Security x509Security(String uri, int id, ServerSecurity.X509 x509) {
        try {
            return Security.x509(uri, id, x509.certificateChain().get(0).getEncoded(), x509.privateKey().getEncoded(),
                    x509.trusted().get(0).getEncoded());
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException("cannot encode the node's certificate", e);
        }
    }

    /** Collects what the client serves; the composition root fills it. */
    public static final class Builder {
        private final String endpoint;
        private final Lwm2mConfig config;
        private final Clock clock;
        private final List<ObjectModel> models = new ArrayList<>(ObjectLoader.loadDefault());
        private final Map<Integer, LwM2mInstanceEnabler[]> instances = new LinkedHashMap<>();

        private Builder(String endpoint, Lwm2mConfig config, Clock clock) {
            this.endpoint = endpoint;
            this.config = config;
            this.clock = clock;
        }

        /** Adds object models beyond the OMA core objects Leshan ships (IPSO, uCIFI). */
        public Builder models(List<ObjectModel> more) {
            models.addAll(more);
            return this;
        }

        public Builder object(int objectId, LwM2mInstanceEnabler... objectInstances) {
            instances.put(objectId, objectInstances);
            return this;
        }

        public Lwm2mClientService build() {
            return new Lwm2mClientService(this);
        }
    }
}
