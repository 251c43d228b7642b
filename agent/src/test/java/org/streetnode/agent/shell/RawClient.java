package org.streetnode.agent.shell;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** A client that writes raw bytes, for requests the real client would never send. */
final class RawClient implements AutoCloseable {
    private final SocketChannel channel;

    RawClient(Path socket) throws IOException {
        channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        channel.connect(UnixDomainSocketAddress.of(socket));
    }

    /** A write the agent cut short (it answered already: busy, too large) is left for the answer to explain. */
    RawClient send(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        try {
            while (b.hasRemaining()) {
                channel.write(b);
            }
        } catch (IOException e) {
            // broken pipe: read the answer
        }
        return this;
    }

    RawClient send(String text) {
        return send(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Reads the first answer line. Not further: when the agent closes a connection whose request
     * it did not read to the end (too large, busy), Linux resets it once the answer is consumed.
     */
    String readLine() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer b = ByteBuffer.allocate(1);
        while (channel.read(b) > 0) {
            if (b.get(0) == '\n') {
                return out.toString(StandardCharsets.UTF_8);
            }
            out.write(b.get(0));
            b.clear();
        }
        throw new IOException("closed without an answer line; got: " + out.toString(StandardCharsets.UTF_8));
    }

    JsonNode answer() throws IOException {
        return ShellProtocol.json().readTree(readLine());
    }

    /** Whether the agent closed the connection (after its answer). */
    boolean closedByAgent() throws IOException {
        try {
            return channel.read(ByteBuffer.allocate(1)) < 0;
        } catch (java.net.SocketException e) {
            return true; // reset: closed with our unread bytes in its queue
        }
    }

    static JsonNode ask(Path socket, String requestLine) throws IOException {
        try (RawClient c = new RawClient(socket)) {
            return c.send(requestLine + "\n").answer();
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
