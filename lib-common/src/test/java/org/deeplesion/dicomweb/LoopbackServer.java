package org.deeplesion.dicomweb;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;

/** An HTTP server on a loopback port of its own that answers with a handler and records every request it gets. */
final class LoopbackServer implements AutoCloseable {

    /** What the server saw of one request. */
    record Request(String method, URI uri, String authorization, String accept) {
        String query() {
            return uri.getRawQuery();
        }
    }

    /** Answers the n-th request (0-based) this server has received. */
    @FunctionalInterface
    interface Handler {
        void handle(HttpExchange exchange, int n) throws IOException;
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "loopback-server");
        t.setDaemon(true);
        return t;
    });
    private final List<Request> requests = new ArrayList<>();

    private LoopbackServer(HttpServer server, Handler handler) {
        this.server = server;
        HttpHandler recording = exchange -> {
            int n;
            synchronized (requests) {
                n = requests.size();
                requests.add(new Request(
                        exchange.getRequestMethod(),
                        exchange.getRequestURI(),
                        exchange.getRequestHeaders().getFirst("Authorization"),
                        exchange.getRequestHeaders().getFirst("Accept")));
            }
            handler.handle(exchange, n);
        };
        server.createContext("/", recording);
        server.setExecutor(executor);
        server.start();
    }

    static LoopbackServer http(Handler handler) throws IOException {
        return new LoopbackServer(
                HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0), handler);
    }

    static LoopbackServer https(SSLContext context, Handler handler) throws IOException {
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(context));
        return new LoopbackServer(server, handler);
    }

    /** The server's URL with this path, e.g. {@code http://127.0.0.1:port/dicom-web}. */
    URI url(String path) {
        String scheme = server instanceof HttpsServer ? "https" : "http";
        return URI.create(scheme + "://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    List<Request> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    /** Answers with this status and body (empty: no body). */
    static void respond(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        if (contentType != null) {
            exchange.getResponseHeaders().set("Content-Type", contentType);
        }
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    static void respondJson(HttpExchange exchange, String json) throws IOException {
        respond(exchange, 200, "application/dicom+json", json.getBytes(StandardCharsets.UTF_8));
    }

    /** Drops the connection without an answer. */
    static void hangUp(HttpExchange exchange) {
        exchange.close();
    }
}
