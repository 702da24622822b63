package org.deeplesion.jobs.harvest;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * A loopback HTTP proxy in front of a PACS (an {@link Orthanc}), for tests that count what a client asks and make the
 * PACS fail or stop at a chosen request. It forwards method, path, query, headers (Authorization and Accept
 * included) and body, and streams each answer back as it arrives, never holding a whole body. Where the upstream
 * cannot be reached it answers 502.
 */
public final class PacsProxy implements AutoCloseable {

    /** Headers the client library sets itself, or that belong to one hop only. */
    private static final Set<String> HOP_HEADERS = Set.of(
            "connection",
            "content-length",
            "expect",
            "host",
            "keep-alive",
            "proxy-authorization",
            "proxy-connection",
            "te",
            "trailer",
            "transfer-encoding",
            "upgrade");

    private final URI upstream;
    private final String base;
    private final HttpServer server;
    private final ExecutorService threads;
    private final HttpClient http;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger failures = new AtomicInteger();
    private volatile int failureStatus;
    private volatile Pattern hold;
    private final AtomicInteger holdSkips = new AtomicInteger();
    private final CountDownLatch held = new CountDownLatch(1);
    private final CountDownLatch closing = new CountDownLatch(1);

    private PacsProxy(URI upstream) throws IOException {
        this.upstream = upstream;
        this.base = upstream.getScheme() + "://" + upstream.getRawAuthority();
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        AtomicInteger n = new AtomicInteger();
        this.threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "pacs-proxy-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    /** A proxy to {@code upstream} (scheme, host and port; its path is ignored). */
    public static PacsProxy start(URI upstream) throws IOException {
        return new PacsProxy(upstream);
    }

    /** {@code http://127.0.0.1:port} of the proxy, no trailing slash. */
    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Every request so far, failed ones included, as {@code METHOD /path?query}, in arrival order. */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    /** How many recorded request lines ({@code METHOD /path?query}) contain a match of {@code regex}. */
    public long count(String regex) {
        Pattern p = Pattern.compile(regex);
        return requests.stream().filter(r -> p.matcher(r).find()).count();
    }

    /** Forgets the requests recorded so far. */
    public void clear() {
        requests.clear();
    }

    /** The next {@code n} requests get {@code status} (with {@code Retry-After: 0}) and are not forwarded. */
    public void failNext(int n, int status) {
        failureStatus = status;
        failures.set(n);
    }

    /**
     * Of the requests whose line ({@code METHOD /path?query}) contains a match of {@code regex}, the first {@code skip}
     * are forwarded and the next one is held, unanswered, until the proxy is closed: a test stops the PACS with a
     * harvest at a known point, then closes the proxy, and the client sees its server go away.
     */
    public void holdAfter(int skip, String regex) {
        holdSkips.set(skip);
        hold = Pattern.compile(regex);
    }

    /** Waits until a request is held (see {@link #holdAfter}); false when none was within the time given. */
    public boolean awaitHeld(long timeout, TimeUnit unit) throws InterruptedException {
        return held.await(timeout, unit);
    }

    private void handle(HttpExchange ex) throws IOException {
        try {
            URI in = ex.getRequestURI();
            String pathAndQuery = in.getRawPath() + (in.getRawQuery() == null ? "" : "?" + in.getRawQuery());
            String method = ex.getRequestMethod();
            String line = method + " " + pathAndQuery;
            requests.add(line);
            Pattern holding = hold;
            if (holding != null && holding.matcher(line).find() && holdSkips.getAndDecrement() <= 0) {
                hold = null;
                held.countDown();
                try {
                    closing.await(); // answered by nobody: the connection closes with the proxy
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return;
            }
            if (failures.getAndUpdate(k -> k > 0 ? k - 1 : 0) > 0) {
                byte[] body = ("injected failure " + failureStatus + "\n").getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().set("Retry-After", "0");
                ex.getResponseHeaders().set("Content-Type", "text/plain");
                ex.sendResponseHeaders(failureStatus, body.length);
                ex.getResponseBody().write(body);
                return;
            }
            HttpRequest.Builder out =
                    HttpRequest.newBuilder(URI.create(base + pathAndQuery)).timeout(Duration.ofMinutes(5));
            for (Map.Entry<String, List<String>> h : ex.getRequestHeaders().entrySet()) {
                if (!HOP_HEADERS.contains(h.getKey().toLowerCase(Locale.ROOT))) {
                    for (String v : h.getValue()) {
                        out.header(h.getKey(), v);
                    }
                }
            }
            String length = ex.getRequestHeaders().getFirst("Content-Length");
            boolean hasBody = length != null
                    ? Long.parseLong(length) > 0
                    : "chunked".equalsIgnoreCase(ex.getRequestHeaders().getFirst("Transfer-Encoding"));
            HttpRequest.BodyPublisher body = !hasBody
                    ? HttpRequest.BodyPublishers.noBody()
                    : length != null
                            ? HttpRequest.BodyPublishers.fromPublisher(
                                    HttpRequest.BodyPublishers.ofInputStream(ex::getRequestBody),
                                    Long.parseLong(length))
                            : HttpRequest.BodyPublishers.ofInputStream(ex::getRequestBody);
            out.method(method, body);
            HttpResponse<InputStream> r;
            try {
                r = http.send(out.build(), HttpResponse.BodyHandlers.ofInputStream());
            } catch (IOException unreachable) {
                byte[] msg =
                        ("proxy: " + upstream + " unreachable: " + unreachable + "\n").getBytes(StandardCharsets.UTF_8);
                ex.sendResponseHeaders(502, msg.length);
                ex.getResponseBody().write(msg);
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                ex.sendResponseHeaders(503, -1);
                return;
            }
            r.headers().map().forEach((k, vs) -> {
                if (!HOP_HEADERS.contains(k.toLowerCase(Locale.ROOT)) && !k.startsWith(":")) {
                    ex.getResponseHeaders().put(k, vs);
                }
            });
            long contentLength = r.headers().firstValueAsLong("Content-Length").orElse(-1);
            boolean noBody = "HEAD".equals(method) || r.statusCode() == 204 || r.statusCode() == 304;
            // HttpServer: -1 means no body, 0 means chunked of unknown length.
            ex.sendResponseHeaders(
                    r.statusCode(), noBody ? -1 : contentLength >= 0 ? (contentLength == 0 ? -1 : contentLength) : 0);
            try (InputStream from = r.body();
                    OutputStream to = ex.getResponseBody()) {
                if (!noBody) {
                    from.transferTo(to);
                }
            }
        } catch (RuntimeException e) {
            // HttpServer swallows handler exceptions silently: make them visible in the test output.
            e.printStackTrace();
            throw e;
        } finally {
            ex.close();
        }
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
        threads.shutdownNow();
    }
}
