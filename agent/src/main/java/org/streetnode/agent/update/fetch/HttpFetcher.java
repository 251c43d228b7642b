package org.streetnode.agent.update.fetch;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Pulls a package over HTTP/1.1 or HTTPS with the JDK's {@link HttpClient}, in byte ranges
 * (RFC 9110 Range, 206 Partial Content) of {@value #CHUNK} bytes: each range is one bounded
 * exchange (a network that goes away costs at most {@code timeout}, never a hang), is handed on
 * before the next is asked for, and a download resumes at any range. HTTPS checks the server
 * against the system's trust store. A server that does not serve ranges can deliver only a
 * package of one range.
 */
public final class HttpFetcher implements PackageFetcher {
    static final int CHUNK = 32 * 1024;
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+|\\*)");
    private static final Pattern UNSATISFIED = Pattern.compile("bytes \\*/(\\d+)");

    private final Supplier<HttpClient> clients;
    private final Duration timeout;

    /** @param timeout the longest one range may take, from request to its last byte */
    public HttpFetcher(Duration timeout) {
        this(() -> HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NORMAL).build(),
                timeout);
    }

    /**
     * @param clients makes the client of one fetch (closed after it: an idle agent keeps no
     *     HTTP threads); one's own for its own trust, in tests
     */
    public HttpFetcher(Supplier<HttpClient> clients, Duration timeout) {
        this.clients = clients;
        this.timeout = timeout;
    }

    @Override
    public Set<String> schemes() {
        return Set.of("http", "https");
    }

    @Override
    public void fetch(URI uri, long offset, BlockSink sink) throws FetchException, InterruptedException {
        try (HttpClient client = clients.get()) {
            fetch(client, uri, offset, sink);
        }
    }

    private void fetch(HttpClient client, URI uri, long offset, BlockSink sink) throws FetchException, InterruptedException {
        long at = offset;
        while (true) {
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout)
                    .header("Range", "bytes=" + at + "-" + (at + CHUNK - 1)).GET().build();
            HttpResponse<Optional<byte[]>> r = exchange(client, request);
            int status = r.statusCode();
            if (status == 206) {
                Matcher m = CONTENT_RANGE.matcher(r.headers().firstValue("Content-Range").orElse(""));
                byte[] body = body(r, "a range larger than asked for");
                if (!m.matches() || Long.parseLong(m.group(1)) != at || Long.parseLong(m.group(2)) - at + 1 != body.length) {
                    throw new FetchException(FetchException.Kind.UNSUPPORTED, "the server answered the range from byte "
                            + at + " with Content-Range \"" + r.headers().firstValue("Content-Range").orElse("") + "\"");
                }
                long total = m.group(3).equals("*") ? -1 : Long.parseLong(m.group(3));
                sink.accept(at, body, total);
                at += body.length;
                if (body.length < CHUNK || (total >= 0 && at >= total)) {
                    return;
                }
            } else if (status == 200) {
                if (at != 0) {
                    throw new FetchException(FetchException.Kind.UNSUPPORTED,
                            "the server does not serve byte ranges; the download cannot resume at byte " + at);
                }
                byte[] body = body(r, "the server does not serve byte ranges and the package is larger than one range");
                sink.accept(0, body, body.length);
                return;
            } else if (status == 416) {
                Matcher m = UNSATISFIED.matcher(r.headers().firstValue("Content-Range").orElse(""));
                if (m.matches() && Long.parseLong(m.group(1)) == at) {
                    return; // everything had arrived already
                }
                throw new FetchException(FetchException.Kind.NOT_FOUND, "HTTP 416: the package is shorter than the "
                        + at + " bytes already downloaded");
            } else if (status >= 500 || status == 408 || status == 429) {
                throw new FetchException(FetchException.Kind.TRANSIENT, "HTTP " + status);
            } else {
                throw new FetchException(FetchException.Kind.NOT_FOUND, "HTTP " + status);
            }
        }
    }

    /** One range, bounded in time as a whole; the body is read only when it fits one range. */
    private HttpResponse<Optional<byte[]>> exchange(HttpClient client, HttpRequest request)
            throws FetchException, InterruptedException {
        CompletableFuture<HttpResponse<Optional<byte[]>>> f = client.sendAsync(request, info -> {
            long length = info.headers().firstValueAsLong("Content-Length").orElse(-1);
            boolean fits = (info.statusCode() == 200 || info.statusCode() == 206) && length >= 0 && length <= CHUNK;
            return fits ? HttpResponse.BodySubscribers.mapping(HttpResponse.BodySubscribers.ofByteArray(), Optional::of)
                    : HttpResponse.BodySubscribers.replacing(Optional.empty());
        });
        try {
            return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new FetchException(FetchException.Kind.TRANSIENT, "no whole answer within " + timeout.toSeconds() + " s");
        } catch (InterruptedException e) {
            f.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            // TLS failures too: a Pi without a real-time clock may not trust any certificate until NTP set its time
            Throwable cause = e.getCause();
            throw new FetchException(FetchException.Kind.TRANSIENT, cause instanceof IOException
                    ? cause.getClass().getSimpleName() + ": " + cause.getMessage() : String.valueOf(cause), cause);
        }
    }

    private static byte[] body(HttpResponse<Optional<byte[]>> r, String whenMissing) throws FetchException {
        return r.body().orElseThrow(() -> new FetchException(FetchException.Kind.UNSUPPORTED, whenMissing));
    }
}
