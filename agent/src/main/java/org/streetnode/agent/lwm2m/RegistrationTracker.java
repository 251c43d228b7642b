package org.streetnode.agent.lwm2m;

import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.leshan.client.observer.LwM2mClientObserverAdapter;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.ResponseCode;
import org.eclipse.leshan.core.request.BootstrapRequest;
import org.eclipse.leshan.core.request.DeregisterRequest;
import org.eclipse.leshan.core.request.RegisterRequest;
import org.eclipse.leshan.core.request.UpdateRequest;
import org.tinylog.Logger;

/**
 * Follows Leshan's registration events into a {@link RegistrationStatus}. Logs transitions
 * only (registered, lost, recovered), not every periodic update.
 */
final class RegistrationTracker extends LwM2mClientObserverAdapter {
    private final Clock clock;
    private final AtomicReference<RegistrationStatus> status;

    RegistrationTracker(Clock clock, String server) {
        this.clock = clock;
        this.status = new AtomicReference<>(RegistrationStatus.stopped(server));
    }

    RegistrationStatus status() {
        return status.get();
    }

    void starting() {
        status.updateAndGet(s -> with(s, RegistrationStatus.State.REGISTERING, s.registrationId(), s.lastError()));
    }

    void stopped() {
        status.updateAndGet(s -> with(s, RegistrationStatus.State.STOPPED, Optional.empty(), s.lastError()));
    }

    @Override
    public void onBootstrapStarted(LwM2mServer bsserver, BootstrapRequest request) {
        status.updateAndGet(s -> with(s, RegistrationStatus.State.BOOTSTRAPPING, Optional.empty(), s.lastError()));
    }

    @Override
    public void onRegistrationSuccess(LwM2mServer server, RegisterRequest request, String registrationID) {
        RegistrationStatus before = status.get();
        status.set(new RegistrationStatus(before.server(), RegistrationStatus.State.REGISTERED, Optional.of(registrationID),
                Optional.of(clock.instant()), Optional.empty(), before.lastError()));
        Logger.info("registered with {} as {}", before.server(), registrationID);
    }

    @Override
    public void onRegistrationFailure(LwM2mServer server, RegisterRequest request, ResponseCode responseCode,
            String errorMessage, Exception cause) {
        failed("registration refused: " + describe(responseCode, errorMessage, cause));
    }

    @Override
    public void onRegistrationTimeout(LwM2mServer server, RegisterRequest request) {
        failed("registration timed out: no answer from the server");
    }

    @Override
    public void onUpdateSuccess(LwM2mServer server, UpdateRequest request) {
        status.updateAndGet(s -> new RegistrationStatus(s.server(), RegistrationStatus.State.REGISTERED, s.registrationId(),
                Optional.of(clock.instant()), Optional.empty(), s.lastError()));
    }

    @Override
    public void onUpdateFailure(LwM2mServer server, UpdateRequest request, ResponseCode responseCode,
            String errorMessage, Exception cause) {
        failed("registration update refused: " + describe(responseCode, errorMessage, cause));
    }

    @Override
    public void onUpdateTimeout(LwM2mServer server, UpdateRequest request) {
        failed("registration update timed out: no answer from the server");
    }

    @Override
    public void onDeregistrationSuccess(LwM2mServer server, DeregisterRequest request) {
        stopped();
    }

    @Override
    public void onUnexpectedError(Throwable unexpectedError) {
        Logger.error(unexpectedError, "LwM2M client failed unexpectedly");
        failed("unexpected error: " + unexpectedError);
    }

    private void failed(String error) {
        RegistrationStatus before = status.getAndUpdate(
                s -> with(s, RegistrationStatus.State.RETRYING, Optional.empty(), Optional.of(error)));
        if (before.state() != RegistrationStatus.State.RETRYING || !before.lastError().equals(Optional.of(error))) {
            Logger.warn("{}: {}", before.server(), error);
        }
    }

    private static RegistrationStatus with(RegistrationStatus s, RegistrationStatus.State state,
            Optional<String> registrationId, Optional<String> lastError) {
        return new RegistrationStatus(s.server(), state, registrationId, s.lastContact(), s.nextAttempt(), lastError);
    }

    private static String describe(ResponseCode code, String message, Exception cause) {
        if (cause != null) {
            return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        }
        return code + (message == null || message.isBlank() ? "" : " " + message);
    }
}
