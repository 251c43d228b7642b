package org.streetnode.agent.update.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The HTTP fetcher against the JDK's own HTTP server on loopback: ranges, resumes, refusals, a stalled server. */
class HttpFetcherTest {
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-(\\d+)");
    private final byte[] content = new byte[100_000];
    private final List<String> ranges = new ArrayList<>();
    private HttpServer server;
    private volatile boolean serveRanges = true;
    private volatile int status = 0;
    private volatile long stallMillis;

    {
        new Random(3).nextBytes(content);
    }

    private URI start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/streetnode.snpkg", this::handle);
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/streetnode.snpkg");
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        String range = ex.getRequestHeaders().getFirst("Range");
        synchronized (ranges) {
            ranges.add(range);
        }
        if (stallMillis > 0) {
            try {
                Thread.sleep(stallMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (status != 0) {
            ex.sendResponseHeaders(status, -1);
            ex.close();
            return;
        }
        Matcher m = range == null ? null : RANGE.matcher(range);
        if (!serveRanges || m == null || !m.matches()) {
            ex.sendResponseHeaders(200, content.length);
            ex.getResponseBody().write(content);
            ex.close();
            return;
        }
        int from = Integer.parseInt(m.group(1));
        int to = Math.min(content.length - 1, Integer.parseInt(m.group(2)));
        if (from >= content.length) {
            ex.getResponseHeaders().add("Content-Range", "bytes */" + content.length);
            ex.sendResponseHeaders(416, -1);
            ex.close();
            return;
        }
        ex.getResponseHeaders().add("Content-Range", "bytes " + from + "-" + to + "/" + content.length);
        ex.sendResponseHeaders(206, to - from + 1);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(content, from, to - from + 1);
        }
    }

    private static final class Collected implements PackageFetcher.BlockSink {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final List<Long> offsets = new ArrayList<>();
        long total;

        @Override
        public void accept(long offset, byte[] data, long total) {
            offsets.add(offset);
            bytes.writeBytes(data);
            this.total = total;
        }
    }

    @Test
    void aPackageComesInRangesAndResumesAtAnyOffset() throws Exception {
        URI uri = start();
        HttpFetcher fetcher = new HttpFetcher(Duration.ofSeconds(5));
        Collected all = new Collected();
        fetcher.fetch(uri, 0, all);
        assertThat(all.bytes.toByteArray()).isEqualTo(content);
        assertThat(all.total).isEqualTo(content.length);
        assertThat(all.offsets).containsExactly(0L, 32768L, 65536L, 98304L);

        Collected rest = new Collected();
        fetcher.fetch(uri, 40_960, rest);
        assertThat(rest.bytes.toByteArray()).isEqualTo(Arrays.copyOfRange(content, 40_960, content.length));
        assertThat(ranges).contains("bytes=40960-73727");

        Collected none = new Collected();
        fetcher.fetch(uri, content.length, none);
        assertThat(none.offsets).isEmpty();
    }

    @Test
    void aServerWithoutRangesCanOnlyServeAPackageOfOneRange() throws Exception {
        URI uri = start();
        serveRanges = false;
        HttpFetcher fetcher = new HttpFetcher(Duration.ofSeconds(5));
        assertThatThrownBy(() -> fetcher.fetch(uri, 0, new Collected()))
                .isInstanceOfSatisfying(FetchException.class, e -> assertThat(e.kind()).isEqualTo(FetchException.Kind.UNSUPPORTED))
                .hasMessageContaining("does not serve byte ranges");
    }

    @Test
    void missingIsNotFoundAndServerTroubleIsTransient() throws Exception {
        URI uri = start();
        HttpFetcher fetcher = new HttpFetcher(Duration.ofSeconds(5));
        status = 404;
        assertThatThrownBy(() -> fetcher.fetch(uri, 0, new Collected()))
                .isInstanceOfSatisfying(FetchException.class, e -> assertThat(e.kind()).isEqualTo(FetchException.Kind.NOT_FOUND));
        status = 503;
        assertThatThrownBy(() -> fetcher.fetch(uri, 0, new Collected()))
                .isInstanceOfSatisfying(FetchException.class, e -> assertThat(e.kind()).isEqualTo(FetchException.Kind.TRANSIENT));
    }

    @Test
    void aServerThatStallsEndsTheFetchWithinItsTimeoutInsteadOfHanging() throws Exception {
        URI uri = start();
        stallMillis = 3_000;
        HttpFetcher fetcher = new HttpFetcher(Duration.ofMillis(500));
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> fetcher.fetch(uri, 0, new Collected()))
                .isInstanceOfSatisfying(FetchException.class, e -> assertThat(e.kind()).isEqualTo(FetchException.Kind.TRANSIENT));
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofMillis(2500));
    }

    @Test
    void nothingListeningIsTransient() throws Exception {
        URI uri = start();
        server.stop(0);
        server = null;
        assertThatThrownBy(() -> new HttpFetcher(Duration.ofSeconds(2)).fetch(uri, 0, new Collected()))
                .isInstanceOfSatisfying(FetchException.class, e -> assertThat(e.kind()).isEqualTo(FetchException.Kind.TRANSIENT));
    }
}
