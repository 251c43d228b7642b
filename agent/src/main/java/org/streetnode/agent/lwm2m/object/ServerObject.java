package org.streetnode.agent.lwm2m.object;

import java.time.Duration;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.node.LwM2mResource;
import org.eclipse.leshan.core.request.BindingMode;
import org.eclipse.leshan.core.request.argument.Arguments;
import org.eclipse.leshan.core.response.ExecuteResponse;
import org.eclipse.leshan.core.response.ReadResponse;
import org.eclipse.leshan.core.response.WriteResponse;
import org.eclipse.leshan.core.util.datatype.ULong;
import org.streetnode.agent.config.Lwm2mConfig;
import org.streetnode.agent.lwm2m.model.CoreObjects;

/**
 * LwM2M Server (object 1 v1.1; model: {@link CoreObjects#SERVER}): one instance per LwM2M server
 * account, from the factory configuration or written by a bootstrap server.
 *
 * <p>0 Short Server ID; 1 Lifetime (s, at least 1); 2/3 Default Minimum/Maximum Period (s);
 * 6 Notification Storing When Disabled or Offline (default true; the buffer honours it);
 * 7 Binding (only "U": the node speaks UDP); 8 Registration Update Trigger; 9 Bootstrap-Request
 * Trigger; 16 Bootstrap on Registration Failure (default true); 17 Communication Retry Count,
 * 18 Communication Retry Timer (s), 19 Communication Sequence Delay Timer (s), 20 Communication
 * Sequence Retry Count: the registration engine's backoff (defaults from {@code [lwm2m.retry]});
 * 23 Mute Send (default false: the node may use LwM2M Send). Resources a bootstrap server leaves
 * out keep these defaults.
 */
public final class ServerObject extends ModelledInstance {
    private static final Set<Integer> SERVED = Set.of(0, 1, 2, 3, 6, 7, 8, 9, 16, 17, 18, 19, 20, 23);

    private int shortServerId;
    private long lifetime;
    private Optional<Long> defaultMinPeriod = Optional.empty();
    private Optional<Long> defaultMaxPeriod = Optional.empty();
    private boolean notificationStoring = true;
    private boolean bootstrapOnRegistrationFailure = true;
    private long retryCount;
    private long retryTimer;
    private long sequenceDelay;
    private long sequenceRetryCount;
    private boolean muteSend;

    /** An instance a bootstrap server creates: it writes at least 0, 1, 6 and 7. */
    public ServerObject(Lwm2mConfig.Retry defaults) {
        super(CoreObjects.SERVER);
        this.shortServerId = 1;
        this.lifetime = 86400;
        this.retryCount = defaults.attempts();
        this.retryTimer = defaults.firstWait().toSeconds();
        this.sequenceDelay = defaults.sequenceWait().toSeconds();
        this.sequenceRetryCount = defaults.sequences();
    }

    /** The factory configuration's server account. */
    public ServerObject(int instanceId, int shortServerId, Duration lifetime, Lwm2mConfig.Retry defaults) {
        this(defaults);
        setId(instanceId);
        this.shortServerId = shortServerId;
        this.lifetime = lifetime.toSeconds();
    }

    /**
     * The retry settings now in force (17-20), and whether a failed registration sends the node
     * back to its bootstrap server (16).
     */
    /**
     * @param noFurtherSequences 19 at its maximum value: "do not perform another communication
     *     sequence" (any value of 2^32 - 1 or more counts as the maximum)
     */
    public record RetrySettings(int attempts, Duration firstWait, Duration sequenceWait, int sequences,
            boolean bootstrapOnFailure, boolean noFurtherSequences) {
    }

    public synchronized RetrySettings retrySettings() {
        boolean max = sequenceDelay < 0 || sequenceDelay >= 0xFFFF_FFFFL;
        return new RetrySettings((int) Math.min(retryCount, 1000), Duration.ofSeconds(Math.min(retryTimer, 86_400L * 365)),
                Duration.ofSeconds(max ? 0 : sequenceDelay), (int) Math.min(sequenceRetryCount, 1_000_000),
                bootstrapOnRegistrationFailure, max);
    }

    public synchronized boolean muteSend() {
        return muteSend;
    }

    public synchronized boolean notificationStoring() {
        return notificationStoring;
    }

    public synchronized int shortServerId() {
        return shortServerId;
    }

    public synchronized Duration lifetime() {
        return Duration.ofSeconds(lifetime);
    }

    @Override
    protected Collection<Integer> served() {
        return SERVED;
    }

    @Override
    protected synchronized ReadResponse readServed(int resourceId) {
        return switch (resourceId) {
            case 0 -> ReadResponse.success(0, shortServerId);
            case 1 -> ReadResponse.success(1, lifetime);
            case 2 -> defaultMinPeriod.map(v -> ReadResponse.success(2, v)).orElseGet(ReadResponse::notFound);
            case 3 -> defaultMaxPeriod.map(v -> ReadResponse.success(3, v)).orElseGet(ReadResponse::notFound);
            case 6 -> ReadResponse.success(6, notificationStoring);
            case 7 -> ReadResponse.success(7, "U");
            case 16 -> ReadResponse.success(16, bootstrapOnRegistrationFailure);
            case 17 -> ReadResponse.success(17, ULong.valueOf(retryCount));
            case 18 -> ReadResponse.success(18, ULong.valueOf(retryTimer));
            case 19 -> ReadResponse.success(19, ULong.valueOf(sequenceDelay));
            case 20 -> ReadResponse.success(20, ULong.valueOf(sequenceRetryCount));
            case 23 -> ReadResponse.success(23, muteSend);
            default -> ReadResponse.notFound();
        };
    }

    @Override
    protected Optional<WriteResponse> validate(LwM2mServer server, int resourceId, LwM2mResource value) {
        Object v = value.getValue();
        return switch (resourceId) {
            case 1 -> (Long) v < 1 ? refuse("Lifetime must be at least 1 s") : Optional.empty();
            case 2, 3 -> (Long) v < 0 ? refuse("a period cannot be negative") : Optional.empty();
            case 7 -> binding((String) v);
            case 17, 18, 20 -> ((ULong) v).longValue() < 1 ? refuse("must be at least 1") : Optional.empty();
            default -> Optional.empty();
        };
    }

    private static Optional<WriteResponse> binding(String text) {
        try {
            EnumSet<BindingMode> modes = BindingMode.parse(text);
            return modes.equals(EnumSet.of(BindingMode.U)) ? Optional.empty()
                    : refuse("this node supports only the UDP binding \"U\", not \"" + text + "\"");
        } catch (IllegalArgumentException e) {
            return refuse("\"" + text + "\" is not a binding");
        }
    }

    private static Optional<WriteResponse> refuse(String why) {
        return Optional.of(WriteResponse.badRequest(why));
    }

    @Override
    protected synchronized WriteResponse apply(LwM2mServer server, Map<Integer, LwM2mResource> values) {
        values.forEach((id, r) -> {
            Object v = r.getValue();
            switch (id) {
                case 0 -> shortServerId = ((Long) v).intValue();
                case 1 -> lifetime = (Long) v;
                case 2 -> defaultMinPeriod = Optional.of((Long) v);
                case 3 -> defaultMaxPeriod = Optional.of((Long) v);
                case 6 -> notificationStoring = (Boolean) v;
                case 16 -> bootstrapOnRegistrationFailure = (Boolean) v;
                case 17 -> retryCount = ((ULong) v).longValue();
                case 18 -> retryTimer = ((ULong) v).longValue();
                case 19 -> sequenceDelay = ((ULong) v).longValue();
                case 20 -> sequenceRetryCount = ((ULong) v).longValue();
                case 23 -> muteSend = (Boolean) v;
                default -> {
                    // 7 Binding: validated to be "U", the only value there is
                }
            }
        });
        changed(values.keySet().stream().mapToInt(Integer::intValue).toArray());
        return WriteResponse.success();
    }

    @Override
    public void reset(int resourceId) {
        switch (resourceId) {
            case 2 -> defaultMinPeriod = Optional.empty();
            case 3 -> defaultMaxPeriod = Optional.empty();
            default -> {
                // the others have no "absent" state
            }
        }
    }

    @Override
    public ExecuteResponse execute(LwM2mServer server, int resourceId, Arguments arguments) {
        return switch (resourceId) {
            case 8 -> {
                getLwM2mClient().triggerRegistrationUpdate(server);
                yield ExecuteResponse.success();
            }
            case 9 -> getLwM2mClient().triggerClientInitiatedBootstrap(true) ? ExecuteResponse.success()
                    : ExecuteResponse.badRequest("this node has no bootstrap server");
            default -> ExecuteResponse.notFound();
        };
    }
}
