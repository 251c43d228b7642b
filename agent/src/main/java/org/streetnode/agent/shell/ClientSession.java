package org.streetnode.agent.shell;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.streetnode.agent.config.ShellConfig;
import org.tinylog.Logger;

/**
 * One shell connection, on its own virtual thread: who is calling, their one request (bounded in
 * size and time), the answer, and one log line with the caller's uid. Nothing a client sends can
 * do more than end its own connection.
 */
final class ClientSession {
    /** How often {@code top} sends a frame. */
    static final Duration TOP_PERIOD = Duration.ofSeconds(1);

    private final SocketChannel channel;
    private final ShellConfig config;
    private final AccessPolicy policy;
    private final ShellCommands commands;
    private final ScheduledExecutorService timers;
    private volatile boolean timedOut;

    ClientSession(SocketChannel channel, ShellConfig config, AccessPolicy policy, ShellCommands commands,
            ScheduledExecutorService timers) {
        this.channel = channel;
        this.config = config;
        this.policy = policy;
        this.commands = commands;
        this.timers = timers;
    }

    void serve() {
        PeerCredentials peer;
        try {
            peer = PeerCredentialsReader.of(channel);
        } catch (IOException | RuntimeException e) {
            Logger.error("shell: cannot tell who is calling, connection refused: {}", e.getMessage());
            sendQuietly(ShellProtocol.error(ErrorCode.REFUSED, "the agent cannot verify who you are"));
            return;
        }
        String line;
        try {
            line = readRequest();
        } catch (ProtocolException e) {
            Logger.warn("shell: uid {} pid {}: {}", peer.uid(), peer.pid(), e.getMessage());
            sendQuietly(ShellProtocol.error(e.code(), e.getMessage()));
            return;
        } catch (IOException e) {
            Logger.debug("shell: uid {} pid {} hung up before a request: {}", peer.uid(), peer.pid(), e.getMessage());
            return;
        }
        ShellRequest request;
        try {
            request = ShellRequest.parse(line);
        } catch (ProtocolException e) {
            Logger.warn("shell: uid {} pid {}: {}: {}", peer.uid(), peer.pid(), e.code().word(), e.getMessage());
            sendQuietly(ShellProtocol.error(e.code(), e.getMessage()));
            return;
        }
        answer(peer, request);
    }

    private void answer(PeerCredentials peer, ShellRequest request) {
        String what = request.command().word() + (request.args().isEmpty() ? "" : " " + abbreviate(request.args().toString()));
        Caller caller;
        switch (policy.decide(peer)) {
            case Access.Refused refused -> {
                Logger.warn("shell: uid {} pid {}: {} -> refused: {}", peer.uid(), peer.pid(), what, refused.reason());
                sendQuietly(ShellProtocol.error(ErrorCode.REFUSED, refused.reason()));
                return;
            }
            case Access.Granted granted -> caller = new Caller(peer, granted.role(), UserDatabase.userName(peer.uid()));
        }
        String prefix = "shell: " + caller.who() + " pid " + peer.pid() + " " + caller.role().name().toLowerCase(java.util.Locale.ROOT);
        if (!caller.role().allows(request.command().role())) {
            String reason = request.command().word() + " needs the operator role (group " + policy.operatorGroup()
                    + " or root); " + caller.who() + " has the maintenance role";
            Logger.warn("{}: {} -> refused: {}", prefix, what, reason);
            sendQuietly(ShellProtocol.error(ErrorCode.REFUSED, reason));
            return;
        }
        if (request.command() == Command.TOP) {
            Logger.info("{}: {}", prefix, what);
            streamTop();
            return;
        }
        String response;
        String outcome;
        try {
            response = ShellProtocol.ok(commands.run(request, caller));
            outcome = "ok";
        } catch (ProtocolException e) {
            response = ShellProtocol.error(e.code(), e.getMessage());
            outcome = e.code().word() + ": " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (RuntimeException e) {
            Logger.error(e, "{}: {} failed", prefix, what);
            response = ShellProtocol.error(ErrorCode.FAILED, request.command().word() + " failed: " + e.getMessage());
            outcome = "failed";
        }
        Logger.info("{}: {} -> {}", prefix, what, outcome);
        sendQuietly(response);
    }

    /** A frame a second until the client hangs up (a write fails) or the agent stops. */
    private void streamTop() {
        try {
            while (channel.isOpen()) {
                send(ShellProtocol.ok(commands.top()));
                Thread.sleep(TOP_PERIOD.toMillis());
            }
        } catch (IOException e) {
            Logger.debug("shell: top ended: {}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Reads up to the first newline; at most {@code max_request} bytes, within {@code request_timeout}. */
    String readRequest() throws IOException, ProtocolException {
        ByteBuffer buffer = ByteBuffer.allocate(config.maxRequestBytes() + 1);
        ScheduledFuture<?> timer = deadline(this::expireRead);
        try {
            int scanned = 0;
            while (true) {
                int n = channel.read(buffer);
                if (n < 0) {
                    if (timedOut) {
                        throw new ProtocolException(ErrorCode.TIMEOUT, "no complete request line within "
                                + config.requestTimeout().toMillis() + " ms");
                    }
                    throw new IOException("closed after " + buffer.position() + " bytes");
                }
                for (; scanned < buffer.position(); scanned++) {
                    if (buffer.get(scanned) == '\n') {
                        return decode(buffer, scanned);
                    }
                }
                if (!buffer.hasRemaining()) {
                    throw new ProtocolException(ErrorCode.TOO_LARGE, "request longer than " + config.maxRequestBytes()
                            + " bytes ([shell] max_request)");
                }
            }
        } finally {
            timer.cancel(false);
        }
    }

    /** Runs {@code onExpiry} after {@code request_timeout}; once the agent is stopping, the connection is done. */
    private ScheduledFuture<?> deadline(Runnable onExpiry) throws IOException {
        try {
            return timers.schedule(onExpiry, config.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            throw new IOException("the agent is stopping");
        }
    }

    /** Wakes the blocked read: it returns end-of-stream, and {@link #timedOut} says why. */
    private void expireRead() {
        timedOut = true;
        try {
            channel.shutdownInput();
        } catch (IOException e) {
            close();
        }
    }

    private static String decode(ByteBuffer buffer, int end) throws ProtocolException {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(buffer.array(), 0, end)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, "the request is not UTF-8 text");
        }
    }

    /** Writes one line; a client that does not read it within {@code request_timeout} is dropped. */
    private void send(String line) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
        ScheduledFuture<?> timer = deadline(this::close);
        try {
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
        } finally {
            timer.cancel(false);
        }
    }

    private void sendQuietly(String line) {
        try {
            send(line);
        } catch (IOException e) {
            Logger.debug("shell: could not answer: {}", e.getMessage());
        }
    }

    void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "...";
    }
}
