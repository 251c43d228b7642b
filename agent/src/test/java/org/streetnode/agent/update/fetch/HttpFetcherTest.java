package org.streetnode.agent.update.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP fetcher against the JDK's own HTTP server on loopback: ranges, resumes, refusals, a stalled server. */
class HttpFetcherTest {
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-(\\d+)");
    @TempDir
    Path tmp;

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
    void httpsTrustsTheSystemsStoreOnlyAndAServerItTrustsServesAsOverHttp() throws Exception {
        Path keystore = selfSignedKeystore();
        char[] pass = "changeit".toCharArray();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            ks.load(in, pass);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, pass);
        SSLContext serverContext = SSLContext.getInstance("TLS");
        serverContext.init(kmf.getKeyManagers(), null, null);
        HttpsServer https = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        https.setHttpsConfigurator(new HttpsConfigurator(serverContext));
        https.createContext("/streetnode.snpkg", this::handle);
        https.start();
        try {
            URI uri = URI.create("https://127.0.0.1:" + https.getAddress().getPort() + "/streetnode.snpkg");
            // the system's trust store does not know the test's certificate
            assertThatThrownBy(() -> new HttpFetcher(Duration.ofSeconds(5)).fetch(uri, 0, new Collected()))
                    .isInstanceOfSatisfying(FetchException.class, e -> assertThat(e.kind()).isEqualTo(FetchException.Kind.TRANSIENT))
                    .hasMessageContaining("SSLHandshakeException");
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            SSLContext trusting = SSLContext.getInstance("TLS");
            trusting.init(null, tmf.getTrustManagers(), null);
            Collected all = new Collected();
            new HttpFetcher(() -> HttpClient.newBuilder().sslContext(trusting).build(), Duration.ofSeconds(5)).fetch(uri, 0, all);
            assertThat(all.bytes.toByteArray()).isEqualTo(content);
        } finally {
            https.stop(0);
        }
    }

    /** A PKCS#12 key store with a self-signed certificate for 127.0.0.1, made by the JDK's keytool. */
    private Path selfSignedKeystore() throws Exception {
        Path ks = tmp.resolve("server.p12");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-J-XX:TieredStopAtLevel=1", "-genkeypair", "-keystore", ks.toString(), "-storetype", "PKCS12",
                "-storepass", "changeit", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=127.0.0.1", "-ext", "san=ip:127.0.0.1", "-validity", "2")
                .redirectErrorStream(true).start();
        p.getInputStream().transferTo(OutputStream.nullOutputStream());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        return ks;
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
