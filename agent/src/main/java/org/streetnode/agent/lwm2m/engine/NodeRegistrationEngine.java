package org.streetnode.agent.lwm2m.engine;

import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.leshan.client.EndpointsManager;
import org.eclipse.leshan.client.RegistrationUpdate;
import org.eclipse.leshan.client.bootstrap.BootstrapHandler;
import org.eclipse.leshan.client.bootstrap.InvalidStateException;
import org.eclipse.leshan.client.engine.RegistrationEngine;
import org.eclipse.leshan.client.observer.LwM2mClientObserver;
import org.eclipse.leshan.client.request.UplinkRequestSender;
import org.eclipse.leshan.client.resource.LwM2mObjectEnabler;
import org.eclipse.leshan.client.servers.DmServerInfo;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.client.servers.ServerInfo;
import org.eclipse.leshan.client.servers.ServersInfo;
import org.eclipse.leshan.client.servers.ServersInfoExtractor;
import org.eclipse.leshan.client.util.LinkFormatHelper;
import org.eclipse.leshan.core.LwM2m.LwM2mVersion;
import org.eclipse.leshan.core.LwM2mId;
import org.eclipse.leshan.core.ResponseCode;
import org.eclipse.leshan.core.link.Link;
import org.eclipse.leshan.core.request.BindingMode;
import org.eclipse.leshan.core.request.BootstrapRequest;
import org.eclipse.leshan.core.request.ContentFormat;
import org.eclipse.leshan.core.request.DeregisterRequest;
import org.eclipse.leshan.core.request.RegisterRequest;
import org.eclipse.leshan.core.request.UpdateRequest;
import org.eclipse.leshan.core.response.BootstrapResponse;
import org.eclipse.leshan.core.response.RegisterResponse;
import org.eclipse.leshan.core.response.UpdateResponse;
import org.streetnode.agent.lwm2m.object.ServerObject;
import org.tinylog.Logger;

/**
 * The node's registration engine: the LwM2M 1.1 registration procedure with the backoff of
 * Server resources 16-20, in place of Leshan's {@code DefaultRegistrationEngine} (which waits a
 * fixed 10 minutes and bootstraps after every failed attempt).
 *
 * <ul>
 * <li>Start: register with the device management server the Security and Server objects name
 * (the lowest short server id), else bootstrap.</li>
 * <li>A failed attempt (no answer, an error, a send failure) waits Communication Retry Timer
 * × 2^(n-1), the first wait of an outage at a random phase ({@link RetryBackoff}); after
 * Communication Retry Count attempts the sequence failed and the next one starts after the
 * Communication Sequence Delay Timer. After
 * Communication Sequence Retry Count failed sequences, or at once when the server refuses the
 * registration (a 4.xx answer), the node asks its bootstrap server again if it has one and
 * Bootstrap on Registration Failure allows it. Without a bootstrap server it keeps running
 * sequences (a node on a pole has nobody to restart it), unless the server set the Sequence
 * Delay Timer to its maximum, which means stop.</li>
 * <li>While the server gives no answer, each registration attempt is a probe ({@link HandshakeMode}):
 * it fails after the probe timeout, before its handshake would retransmit, and its endpoint is
 * silenced, so the node spends the outage waiting, not retransmitting, and comes back at its own
 * phase when the server returns.</li>
 * <li>Bootstrap attempts back off the same way with the factory retry settings, forever; they
 * never probe.</li>
 * <li>Registered: the registration is updated before its lifetime ends. An update that gets no
 * answer resumes the DTLS session (the server may have lost it) and tries once more; an update
 * the server refuses (it lost the registration: 4.04) or that fails again starts a new
 * registration at once.</li>
 * </ul>
 *
 * <p>Everything runs on one scheduler thread; requests are sent synchronously on it.
 */
public final class NodeRegistrationEngine implements RegistrationEngine {
    private final String endpoint;
    private final Map<Integer, LwM2mObjectEnabler> objects;
    private final EndpointsManager endpoints;
    private final UplinkRequestSender sender;
    private final BootstrapHandler bootstrapHandler;
    private final LwM2mClientObserver observer;
    private final Map<String, String> additionalAttributes;
    private final Map<String, String> bootstrapAttributes;
    private final LinkFormatHelper linkFormatHelper;
    private final Set<ContentFormat> supportedContentFormats;
    private final EngineSettings settings;
    private final RegistrationTracker tracker;
    private final Clock clock;
    private final RetryPolicy policy;
    private final ScheduledExecutorService scheduler;

    // state, touched only on the scheduler thread (volatile where other threads read it)
    private volatile boolean started;
    private volatile Optional<Registration> registration = Optional.empty();
    private volatile Optional<LwM2mServer> endpointServer = Optional.empty();
    private volatile Optional<LwM2mServer> bootstrapServer = Optional.empty();
    private boolean bootstrapNext;
    /** The last exchange with the server got no answer: the next registration attempt probes. */
    private boolean unanswered;
    private Future<?> next;

    /** A registration in force with the device management server. */
    private record Registration(LwM2mServer server, String id, DmServerInfo info) {
    }

    NodeRegistrationEngine(String endpoint, Map<Integer, LwM2mObjectEnabler> objects, EndpointsManager endpoints,
            UplinkRequestSender sender, BootstrapHandler bootstrapHandler, LwM2mClientObserver observer,
            Map<String, String> additionalAttributes, Map<String, String> bootstrapAttributes,
            LinkFormatHelper linkFormatHelper, Set<ContentFormat> supportedContentFormats, EngineSettings settings) {
        this.endpoint = endpoint;
        this.objects = objects;
        this.endpoints = endpoints;
        this.sender = sender;
        this.bootstrapHandler = bootstrapHandler;
        this.observer = observer;
        this.additionalAttributes = additionalAttributes;
        this.bootstrapAttributes = bootstrapAttributes;
        this.linkFormatHelper = linkFormatHelper;
        this.supportedContentFormats = supportedContentFormats;
        this.settings = settings;
        this.tracker = settings.tracker();
        this.clock = settings.clock();
        this.policy = new RetryPolicy(new RetryBackoff(settings.random(), settings.jitter()));
        this.scheduler = Executors.newSingleThreadScheduledExecutor(settings.thread());
    }

    @Override
    public synchronized void start() {
        if (started) {
            return;
        }
        started = true;
        policy.succeeded();
        unanswered = false;
        // say at once what comes first, so nobody sees "stopped" while the node starts
        ServersInfo info = ServersInfoExtractor.getInfo(objects);
        if (info != null && info.deviceManagements.values().stream().anyMatch(d -> d != null)) {
            tracker.registering(new TreeMap<>(info.deviceManagements).values().stream().filter(d -> d != null)
                    .findFirst().orElseThrow().getFullUri().toString());
        } else if (info != null && info.bootstrap != null) {
            tracker.bootstrapping(info.bootstrap.getFullUri().toString());
        }
        schedule(this::connect, Duration.ZERO);
    }

    // ---------------------------------------------------------------- connecting

    /** Registers with the device management server, or bootstraps when there is none (or it refused). */
    private void connect() {
        ServersInfo info = ServersInfoExtractor.getInfo(objects);
        Optional<DmServerInfo> dm = info == null ? Optional.empty()
                : new TreeMap<>(info.deviceManagements).values().stream().filter(d -> d != null).findFirst();
        Optional<ServerInfo> bs = info == null ? Optional.empty() : Optional.ofNullable(info.bootstrap);
        if (bootstrapNext && bs.isPresent() || dm.isEmpty() && bs.isPresent()) {
            bootstrap(bs.get());
        } else if (dm.isPresent()) {
            register(dm.get());
        } else {
            fail("config", "no usable LwM2M server account (Security and Server objects)", false,
                    settings.factoryRetry());
        }
    }

    private void register(DmServerInfo dm) {
        String uri = dm.getFullUri().toString();
        tracker.registering(uri);
        LwM2mServer server;
        boolean probe = unanswered;
        try {
            settings.handshakes().next(probe);
            // a fresh endpoint per registration attempt: the server's name is resolved again
            // (it may have moved) and no DTLS state the server may have lost is reused
            server = endpoints.createEndpoint(dm, false);
        } catch (RuntimeException e) {
            fail(uri, "cannot reach " + uri + ": " + describe(e), false, retryOf(dm));
            return;
        }
        if (server == null) {
            fail(uri, "cannot create an endpoint for " + uri, false, retryOf(dm));
            return;
        }
        endpointServer = Optional.of(server);
        RegisterRequest request = new RegisterRequest(endpoint, dm.lifetime, LwM2mVersion.V1_1.toString(),
                bindingModes(), false, null, links(), additionalAttributes);
        observer.onRegistrationStarted(server, request);
        RegisterResponse response;
        try {
            response = sender.send(server, request, (probe ? settings.probeTimeout() : settings.requestTimeout()).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (RuntimeException e) {
            if (timedOut(e)) {
                response = null;
            } else {
                observer.onRegistrationFailure(server, request, null, null, e);
                boolean refused = credentialsRefused(e);
                unanswered = !refused;
                fail(uri, (refused ? "the server refused the node's credentials: " : "registration failed: ")
                        + describe(e), refused, retryOf(dm));
                return;
            }
        }
        unanswered = response == null;
        if (response == null) {
            if (probe) {
                settings.handshakes().silence();
            }
            observer.onRegistrationTimeout(server, request);
            fail(uri, "registration timed out: " + (probe
                    ? "no answer to the probe within " + settings.probeTimeout().toMillis() + " ms"
                    : "no answer within " + settings.requestTimeout().toSeconds() + " s"), false, retryOf(dm));
        } else if (response.isSuccess()) {
            registration = Optional.of(new Registration(server, response.getRegistrationID(), dm));
            policy.succeeded();
            Duration wait = updateDelay(dm.lifetime);
            tracker.registered(uri, response.getRegistrationID(), clock.instant().plus(wait));
            observer.onRegistrationSuccess(server, request, response.getRegistrationID());
            schedule(() -> update(new RegistrationUpdate()), wait);
        } else {
            observer.onRegistrationFailure(server, request, response.getCode(), response.getErrorMessage(), null);
            fail(uri, "registration refused: " + response.getCode() + optional(response.getErrorMessage()),
                    response.getCode().isClientError(), retryOf(dm));
        }
    }

    private void bootstrap(ServerInfo bs) {
        String uri = bs.getFullUri().toString();
        bootstrapNext = false;
        if (!bootstrapHandler.tryToInitSession()) {
            return;
        }
        tracker.bootstrapping(uri);
        registration = Optional.empty();
        endpointServer = Optional.empty();
        BootstrapRequest request = null;
        LwM2mServer server = null;
        try {
            settings.handshakes().next(false);
            server = endpoints.createEndpoint(bs, true);
            if (server == null) {
                fail(uri, "cannot create an endpoint for " + uri, false, settings.factoryRetry());
                return;
            }
            bootstrapServer = Optional.of(server);
            request = new BootstrapRequest(endpoint, ContentFormat.SENML_CBOR, bootstrapAttributes);
            observer.onBootstrapStarted(server, request);
            BootstrapResponse response = sender.send(server, request, settings.requestTimeout().toMillis());
            if (response == null) {
                observer.onBootstrapTimeout(server, request);
                fail(uri, "bootstrap request timed out: no answer within " + settings.requestTimeout().toSeconds() + " s",
                        false, settings.factoryRetry());
            } else if (!response.isSuccess()) {
                observer.onBootstrapFailure(server, request, response.getCode(), response.getErrorMessage(), null);
                fail(uri, "bootstrap refused: " + response.getCode() + optional(response.getErrorMessage()), false,
                        settings.factoryRetry());
            } else if (!bootstrapHandler.waitBootstrapFinished(settings.bootstrapSessionTimeout().toSeconds())) {
                observer.onBootstrapTimeout(server, request);
                fail(uri, "the bootstrap server did not finish within "
                        + settings.bootstrapSessionTimeout().toSeconds() + " s", false, settings.factoryRetry());
            } else {
                observer.onBootstrapSuccess(server, request);
                tracker.bootstrapped(uri);
                settings.onBootstrapped().run();
                policy.succeeded();
                schedule(this::connect, Duration.ZERO);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (InvalidStateException e) {
            observer.onBootstrapFailure(server, request, null, null, e);
            fail(uri, "the bootstrap server left an unusable configuration: " + e.getMessage(), false,
                    settings.factoryRetry());
        } catch (RuntimeException e) {
            if (server != null) {
                observer.onBootstrapFailure(server, request, null, null, e);
            }
            fail(uri, "bootstrap failed: " + describe(e), false, settings.factoryRetry());
        } finally {
            bootstrapServer = Optional.empty();
            bootstrapHandler.closeSession();
        }
    }

    // ---------------------------------------------------------------- updating

    private void update(RegistrationUpdate changes) {
        Optional<Registration> current = registration;
        if (current.isEmpty()) {
            return;
        }
        Registration reg = current.get();
        UpdateOutcome outcome = sendUpdate(reg, changes);
        if (outcome == UpdateOutcome.NO_ANSWER) {
            // the server may have lost our DTLS session (restart, eviction) or our address
            // changed behind a NAT without Connection ID: resume the session and try once more
            endpoints.forceReconnection(reg.server(), true);
            outcome = sendUpdate(reg, changes);
        }
        unanswered = outcome == UpdateOutcome.NO_ANSWER || outcome == UpdateOutcome.FAILED;
        switch (outcome) {
            case DONE -> {
                Duration wait = updateDelay(currentLifetime(reg));
                tracker.updated(clock.instant().plus(wait));
                schedule(() -> update(new RegistrationUpdate()), wait);
            }
            case REFUSED, NO_ANSWER, FAILED -> {
                registration = Optional.empty();
                tracker.failed(reg.info().getFullUri().toString(), "registration update " + switch (outcome) {
                    case REFUSED -> "refused (the server no longer knows this registration)";
                    case NO_ANSWER -> "got no answer";
                    default -> "failed";
                } + ": registering again", Optional.of(clock.instant()));
                schedule(this::connect, Duration.ZERO);
            }
        }
    }

    private enum UpdateOutcome { DONE, REFUSED, NO_ANSWER, FAILED }

    private UpdateOutcome sendUpdate(Registration reg, RegistrationUpdate changes) {
        UpdateRequest request = new UpdateRequest(reg.id(), changes.getLifeTimeInSec(), changes.getSmsNumber(),
                changes.getBindingMode(), changes.getObjectLinks(), changes.getAdditionalAttributes());
        observer.onUpdateStarted(reg.server(), request);
        try {
            UpdateResponse response = sender.send(reg.server(), request, settings.requestTimeout().toMillis());
            if (response == null) {
                observer.onUpdateTimeout(reg.server(), request);
                return UpdateOutcome.NO_ANSWER;
            }
            if (response.getCode() == ResponseCode.CHANGED) {
                observer.onUpdateSuccess(reg.server(), request);
                return UpdateOutcome.DONE;
            }
            observer.onUpdateFailure(reg.server(), request, response.getCode(), response.getErrorMessage(), null);
            return UpdateOutcome.REFUSED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return UpdateOutcome.FAILED;
        } catch (RuntimeException e) {
            if (timedOut(e)) {
                observer.onUpdateTimeout(reg.server(), request);
                return UpdateOutcome.NO_ANSWER;
            }
            observer.onUpdateFailure(reg.server(), request, null, null, e);
            return UpdateOutcome.FAILED;
        }
    }

    // ---------------------------------------------------------------- failing

    /**
     * Counts a failed attempt and schedules the next one (or a bootstrap) as the retry settings
     * say ({@link RetryPolicy}).
     *
     * @param refused the server answered with a client error: the account is not (or no longer)
     *     accepted, so a bootstrap server is asked at once
     */
    private void fail(String target, String error, boolean refused, ServerObject.RetrySettings retry) {
        registration = Optional.empty();
        boolean canBootstrap = hasBootstrapServer() && retry.bootstrapOnFailure() && !bootstrapping();
        switch (policy.failed(retry, refused, canBootstrap)) {
            case RetryPolicy.Wait w -> {
                tracker.failed(target, error, Optional.of(clock.instant().plus(w.delay())));
                schedule(this::connect, w.delay());
            }
            case RetryPolicy.Bootstrap b -> {
                tracker.failed(target, error + "; " + b.why() + ": asking the bootstrap server",
                        Optional.of(clock.instant()));
                bootstrapNext = true;
                schedule(this::connect, Duration.ZERO);
            }
            case RetryPolicy.GiveUp g -> tracker.failed(target, error, Optional.empty());
        }
    }

    private void startOverWithBootstrap() {
        policy.succeeded();
        bootstrapNext = true;
        schedule(this::connect, Duration.ZERO);
    }

    private boolean bootstrapping() {
        return bootstrapServer.isPresent();
    }

    private boolean hasBootstrapServer() {
        ServersInfo info = ServersInfoExtractor.getInfo(objects);
        return info != null && info.bootstrap != null;
    }

    /** The retry settings of the server's Server object instance, else the factory ones. */
    private ServerObject.RetrySettings retryOf(DmServerInfo dm) {
        return serverObject(dm.serverId).map(ServerObject::retrySettings).orElse(settings.factoryRetry());
    }

    private Optional<ServerObject> serverObject(long shortServerId) {
        if (objects.get(LwM2mId.SERVER) instanceof org.eclipse.leshan.client.resource.ObjectEnabler enabler) {
            for (int id : enabler.getAvailableInstanceIds()) {
                if (enabler.getInstance(id) instanceof ServerObject s && s.shortServerId() == shortServerId) {
                    return Optional.of(s);
                }
            }
        }
        return Optional.empty();
    }

    private long currentLifetime(Registration reg) {
        return serverObject(reg.info().serverId).map(s -> s.lifetime().toSeconds()).orElse(reg.info().lifetime);
    }

    /**
     * When to renew a registration of {@code lifetime} seconds: early enough that an update with
     * all its retransmissions arrives before the lifetime ends, and at least halfway.
     */
    Duration updateDelay(long lifetime) {
        Duration life = Duration.ofSeconds(lifetime);
        Duration margin = settings.requestTimeout().plusSeconds(30);
        Duration half = life.dividedBy(2);
        Duration beforeEnd = life.minus(margin);
        return beforeEnd.compareTo(half) > 0 ? beforeEnd : half;
    }

    // ---------------------------------------------------------------- helpers

    private EnumSet<BindingMode> bindingModes() {
        EnumSet<BindingMode> modes = ServersInfoExtractor.getDeviceSupportedBindingMode(objects.get(LwM2mId.DEVICE), 0);
        return modes == null ? EnumSet.of(BindingMode.U) : modes;
    }

    private Link[] links() {
        return linkFormatHelper.getClientDescription(objects.values(), null,
                ContentFormat.getOptionalContentFormatForClient(supportedContentFormats, LwM2mVersion.V1_1));
    }

    /** The request got no answer in time: a CoAP timeout, or a DTLS handshake that timed out. */
    static boolean timedOut(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof org.eclipse.leshan.core.request.exception.TimeoutException
                    || t instanceof org.eclipse.californium.scandium.dtls.DtlsHandshakeTimeoutException) {
                return true;
            }
        }
        return false;
    }

    /**
     * The DTLS handshake ended in a fatal alert or a failed check of the peer's credentials: as
     * clear a refusal of the account as a 4.03 (a handshake that got no answer is a timeout, not
     * this).
     */
    static boolean credentialsRefused(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof org.eclipse.californium.scandium.dtls.DtlsHandshakeTimeoutException) {
                return false;
            }
            if (t instanceof org.eclipse.californium.scandium.dtls.HandshakeException) {
                return true;
            }
        }
        return false;
    }

    private static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String msg = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return root == e ? msg : msg + " (" + e.getClass().getSimpleName() + ")";
    }

    private static String optional(String message) {
        return message == null || message.isBlank() ? "" : " " + message;
    }

    private synchronized void schedule(Runnable task, Duration delay) {
        if (!started || scheduler.isShutdown()) {
            return;
        }
        if (next != null) {
            next.cancel(false);
        }
        next = scheduler.schedule(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                // never let the engine die: count it as a failed attempt and carry on
                Logger.error(e, "lwm2m: registration engine step failed");
                fail("engine", "unexpected error: " + describe(e), false, settings.factoryRetry());
            }
        }, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    // ---------------------------------------------------------------- RegistrationEngine

    @Override
    public void triggerRegistrationUpdate() {
        triggerRegistrationUpdate(new RegistrationUpdate());
    }

    @Override
    public void triggerRegistrationUpdate(LwM2mServer server) {
        triggerRegistrationUpdate(new RegistrationUpdate());
    }

    @Override
    public void triggerRegistrationUpdate(LwM2mServer server, RegistrationUpdate update) {
        triggerRegistrationUpdate(update);
    }

    @Override
    public void triggerRegistrationUpdate(RegistrationUpdate update) {
        if (registration.isPresent()) {
            schedule(() -> update(update), Duration.ZERO);
        }
    }

    @Override
    public boolean triggerClientInitiatedBootstrap(boolean deregister) {
        if (!hasBootstrapServer()) {
            return false;
        }
        schedule(() -> {
            if (deregister) {
                deregister();
            }
            startOverWithBootstrap();
        }, Duration.ZERO);
        return true;
    }

    @Override
    public String getRegistrationId(LwM2mServer server) {
        return registration.filter(r -> r.server().equals(server)).map(Registration::id).orElse(null);
    }

    @Override
    public Map<String, LwM2mServer> getRegisteredServers() {
        return registration.map(r -> Map.of(r.id(), r.server())).orElse(Map.of());
    }

    @Override
    public LwM2mServer getRegisteredServer(long serverId) {
        return registration.map(Registration::server).filter(s -> s.getId() != null && s.getId() == serverId)
                .orElse(null);
    }

    /**
     * The bootstrap server during a bootstrap session, and the device management server whose
     * endpoint is up, registered or not: the platform's own CoAP tools may read the node with the
     * server's credentials while its registration is being retried.
     */
    @Override
    public boolean isAllowedToCommunicate(LwM2mServer peer) {
        return peer != null && (bootstrapServer.filter(peer::equals).isPresent() || endpointServer.filter(peer::equals).isPresent());
    }

    @Override
    public String getEndpoint() {
        return endpoint;
    }

    @Override
    public void stop(boolean deregister) {
        synchronized (this) {
            if (!started) {
                return;
            }
            started = false;
            if (next != null) {
                next.cancel(true);
            }
        }
        if (deregister) {
            deregister();
        }
        tracker.stopped();
    }

    @Override
    public void destroy(boolean deregister) {
        stop(deregister);
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void deregister() {
        Optional<Registration> current = registration;
        registration = Optional.empty();
        if (current.isEmpty()) {
            return;
        }
        Registration reg = current.get();
        DeregisterRequest request = new DeregisterRequest(reg.id());
        observer.onDeregistrationStarted(reg.server(), request);
        try {
            var response = sender.send(reg.server(), request, settings.deregistrationTimeout().toMillis());
            if (response == null) {
                observer.onDeregistrationTimeout(reg.server(), request);
            } else if (response.isSuccess()) {
                observer.onDeregistrationSuccess(reg.server(), request);
            } else {
                observer.onDeregistrationFailure(reg.server(), request, response.getCode(), response.getErrorMessage(), null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            observer.onDeregistrationFailure(reg.server(), request, null, null, e);
        }
    }

}
