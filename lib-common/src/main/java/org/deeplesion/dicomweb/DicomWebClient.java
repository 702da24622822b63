package org.deeplesion.dicomweb;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A DICOMweb client (PS3.18): QIDO-RS searches, WADO-RS metadata and streaming WADO-RS retrieves, over HTTP/1.1 with
 * the JDK's blocking {@link HttpURLConnection}: a response body is read straight from the socket by the thread that
 * asked for it, with no copy into intermediate buffers and no threads of its own (a retrieve is hundreds of
 * megabytes, and every copy costs CPU that the PACS on the same host would rather have). Idle connections are kept
 * alive for the next request. Safe to share between threads; one per executor is plenty.
 *
 * <p>Each request is tried up to {@link DicomWebSettings#maxAttempts()} times: again after HTTP 429, 502, 503 or 504,
 * after a connection that fails or times out before the response starts, and after a response whose body breaks
 * off. Between tries it waits an exponentially growing, jittered time from {@link DicomWebSettings#firstBackoff()}
 * up to {@link DicomWebSettings#maxBackoff()}, or the server's Retry-After (capped the same way). Any other status
 * fails at once with a {@link DicomWebException}. TLS certificate failures are not retried.
 *
 * <p>{@link DicomWebSettings#requestTimeout()} bounds the wait for a response's status and headers, and also how long
 * a body may stall: a read that gets no byte for that long is broken off and the request retried. Time the sink
 * spends between reads does not count.
 *
 * <p>Redirects are not followed: that would send the Authorization header to wherever they point. A redirect
 * fails as a {@link DicomWebException}; give the base URL it names instead.
 */
public final class DicomWebClient implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DicomWebClient.class);

    static final String DICOM_JSON = "application/dicom+json";
    static final String MULTIPART_DICOM = "multipart/related; type=\"application/dicom\"; transfer-syntax=*";
    private static final Set<Integer> RETRIED_STATUSES = Set.of(429, 502, 503, 504);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Waits between tries; tests record instead of sleeping. */
    @FunctionalInterface
    interface Sleeper {
        void sleep(Duration time) throws InterruptedException;
    }

    private final DicomWebSettings settings;
    private final String base;
    private final String authorization;
    /** The site CA's sockets for HTTPS, or null for the JVM's. */
    private final SSLSocketFactory tls;
    /** Connections with a request under way, cut by {@link #close()}. */
    private final Set<HttpURLConnection> underWay = ConcurrentHashMap.newKeySet();

    private volatile boolean closed;
    private final Sleeper sleeper;

    public DicomWebClient(DicomWebSettings settings) {
        this(settings, time -> TimeUnit.NANOSECONDS.sleep(time.toNanos()));
    }

    DicomWebClient(DicomWebSettings settings, Sleeper sleeper) {
        this.settings = requireNonNull(settings, "settings");
        this.sleeper = requireNonNull(sleeper, "sleeper");
        String url = settings.baseUrl().toString();
        while (url.endsWith("/")) {
            url = url.substring(0, url.length() - 1);
        }
        this.base = url;
        this.authorization = authorization(settings.auth());
        this.tls =
                settings.caFile() == null ? null : sslContext(settings.caFile()).getSocketFactory();
    }

    /**
     * QIDO-RS {@code /studies} with these query parameters (e.g. StudyDate=20200101-, ModalitiesInStudy=CT), every
     * page: {@code limit=pageSize}, the offset advancing by what each page held until a page is short.
     */
    public List<DicomJson> searchStudies(Map<String, String> query, int pageSize)
            throws IOException, InterruptedException {
        requireNonNull(query, "query");
        if (pageSize < 1) {
            throw new IllegalArgumentException("pageSize must be at least 1, not " + pageSize);
        }
        StringBuilder q = new StringBuilder();
        for (Map.Entry<String, String> e : query.entrySet()) {
            String key = e.getKey();
            if (key.equalsIgnoreCase("limit") || key.equalsIgnoreCase("offset")) {
                throw new IllegalArgumentException("searchStudies pages itself; leave " + key + " out of the query");
            }
            q.append(encode(key)).append('=').append(encode(e.getValue())).append('&');
        }
        List<DicomJson> all = new ArrayList<>();
        String previousFirst = null;
        for (int offset = 0; ; ) {
            String url = base + "/studies?" + q + "limit=" + pageSize + "&offset=" + offset;
            List<DicomJson> page = getJson(url);
            if (!page.isEmpty()) {
                String first = page.get(0).node().toString();
                if (offset > 0 && first.equals(previousFirst)) {
                    // A server that ignores offset would otherwise be asked for the same page forever.
                    throw new IOException("DICOMweb GET " + url + ": the server returned the same page as for the "
                            + "previous offset; it seems to ignore offset");
                }
                previousFirst = first;
            }
            all.addAll(page);
            if (page.size() < pageSize) {
                return Collections.unmodifiableList(all);
            }
            offset += page.size();
        }
    }

    /** QIDO-RS {@code /studies/{study}/series}, asking for Modality and NumberOfSeriesRelatedInstances. */
    public List<DicomJson> searchSeries(String studyUid) throws IOException, InterruptedException {
        return getJson(
                base + "/studies/" + segment(studyUid) + "/series?includefield=00080060" + "&includefield=00201209");
    }

    /** QIDO-RS {@code /studies/{study}/series/{series}/instances}. */
    public List<DicomJson> searchInstances(String studyUid, String seriesUid) throws IOException, InterruptedException {
        return getJson(base + "/studies/" + segment(studyUid) + "/series/" + segment(seriesUid) + "/instances");
    }

    /** WADO-RS {@code /studies/{study}/series/{series}/metadata}: every instance's attributes, bulk data left out. */
    public List<DicomJson> seriesMetadata(String studyUid, String seriesUid) throws IOException, InterruptedException {
        return getJson(base + "/studies/" + segment(studyUid) + "/series/" + segment(seriesUid) + "/metadata");
    }

    /**
     * WADO-RS series retrieve as {@code multipart/related; type="application/dicom"; transfer-syntax=*} (whatever
     * transfer syntax the server stores), each instance streamed to the sink as it arrives. A response that breaks
     * off is retried from the start, so the sink may see an instance again (see {@link PartSink}).
     */
    public RetrieveResult retrieveSeries(String studyUid, String seriesUid, PartSink sink)
            throws IOException, InterruptedException {
        return retrieve(base + "/studies/" + segment(studyUid) + "/series/" + segment(seriesUid), sink);
    }

    /** WADO-RS instance retrieve, as {@link #retrieveSeries}. */
    public RetrieveResult retrieveInstance(String studyUid, String seriesUid, String sopUid, PartSink sink)
            throws IOException, InterruptedException {
        return retrieve(
                base + "/studies/" + segment(studyUid) + "/series/" + segment(seriesUid) + "/instances/"
                        + segment(sopUid),
                sink);
    }

    /** Cuts the connections of requests under way, which fail; later requests fail at once. */
    @Override
    public void close() {
        closed = true;
        for (HttpURLConnection c : underWay) {
            c.disconnect();
        }
    }

    @Override
    public String toString() {
        return "DicomWebClient[" + settings + "]";
    }

    private List<DicomJson> getJson(String url) throws IOException, InterruptedException {
        return get(url, DICOM_JSON, (response, body) -> {
            if (response.status() == 204) {
                return List.of();
            }
            JsonNode tree = JSON.readTree(body);
            if (tree == null || tree.isMissingNode() || tree.isNull()) {
                return List.of(); // an empty body: no results
            }
            if (!tree.isArray()) {
                throw new IOException("expected a JSON array of datasets, got " + tree.getNodeType());
            }
            List<DicomJson> out = new ArrayList<>(tree.size());
            for (JsonNode dataset : tree) {
                if (!dataset.isObject()) {
                    throw new IOException("expected a JSON array of datasets, found " + dataset.getNodeType());
                }
                out.add(new DicomJson(dataset));
            }
            return Collections.unmodifiableList(out);
        });
    }

    private RetrieveResult retrieve(String url, PartSink sink) throws IOException, InterruptedException {
        requireNonNull(sink, "sink");
        return get(url, MULTIPART_DICOM, (response, body) -> {
            if (response.status() == 204) {
                return new RetrieveResult(0, 0);
            }
            MultipartReader reader = new MultipartReader(body, MultipartReader.boundary(response.contentType()));
            for (InputStream part; (part = reader.nextPart()) != null; ) {
                try {
                    sink.accept(part);
                } catch (IOException e) {
                    throw new SinkFailure(e);
                }
            }
            return new RetrieveResult(reader.parts(), reader.bodyBytes());
        });
    }

    /** Reads a successful (2xx) response's body. */
    @FunctionalInterface
    private interface BodyReader<T> {
        T read(Answer response, InputStream body) throws IOException;
    }

    /** A successful response's status and Content-Type (null when absent). */
    private record Answer(int status, String contentType) {}

    /** The sink's own failure, passed through as it is unless the response broke off beneath it. */
    private static final class SinkFailure extends IOException {
        private static final long serialVersionUID = 1L;

        SinkFailure(IOException cause) {
            super(cause);
        }
    }

    private <T> T get(String url, String accept, BodyReader<T> reader) throws IOException, InterruptedException {
        URL target = URI.create(url).toURL();
        int attempts = settings.maxAttempts();
        for (int attempt = 1; ; attempt++) {
            boolean last = attempt >= attempts;
            long started = System.nanoTime();
            HttpURLConnection connection = open(target, accept);
            boolean reusable = false;
            Duration wait;
            try {
                int status;
                try {
                    status = connection.getResponseCode();
                } catch (IOException e) {
                    if (closed || last || !retried(e)) {
                        throw new IOException("DICOMweb GET " + url + ": " + describe(e) + gaveUp(attempt), e);
                    }
                    wait = backoff(attempt);
                    log.warn(
                            "DICOMweb GET {}: {}; try {} of {} in {} ms",
                            url,
                            describe(e),
                            attempt + 1,
                            attempts,
                            wait.toMillis());
                    pause(wait);
                    continue;
                }
                log.debug("DICOMweb GET {}: HTTP {} in {} ms", url, status, millisSince(started));
                if (status >= 200 && status < 300) {
                    WatchedStream body =
                            new WatchedStream(connection.getInputStream(), connection.getContentLengthLong());
                    try {
                        T result = reader.read(new Answer(status, connection.getContentType()), body);
                        reusable = drainTail(body);
                        log.debug("DICOMweb GET {}: {} bytes read in {} ms", url, body.bytes, millisSince(started));
                        return result;
                    } catch (IOException e) {
                        boolean brokeOff = body.failed || (body.ended && e instanceof EOFException);
                        if (!brokeOff) {
                            if (e instanceof SinkFailure) {
                                throw (IOException) e.getCause();
                            }
                            throw new IOException("DICOMweb GET " + url + ": " + describe(e), e);
                        }
                        IOException cause = e instanceof SinkFailure ? (IOException) e.getCause() : e;
                        if (stalled(cause)) {
                            cause = new IOException(
                                    "no byte for " + settings.requestTimeout().toMillis() + " ms (the request timeout)",
                                    cause);
                        }
                        if (closed || last) {
                            throw new IOException(
                                    "DICOMweb GET " + url + ": response broke off after " + body.bytes + " bytes: "
                                            + describe(cause) + gaveUp(attempt),
                                    cause);
                        }
                        wait = backoff(attempt);
                        log.warn(
                                "DICOMweb GET {}: response broke off after {} bytes ({}); try {} of {} in {} ms",
                                url,
                                body.bytes,
                                describe(cause),
                                attempt + 1,
                                attempts,
                                wait.toMillis());
                    }
                } else {
                    reusable = discardError(connection);
                    if (RETRIED_STATUSES.contains(status) && !last) {
                        Duration after = retryAfter(connection.getHeaderField("Retry-After"));
                        wait = after != null ? after : backoff(attempt);
                        log.warn(
                                "DICOMweb GET {}: HTTP {} {}; try {} of {} in {} ms",
                                url,
                                status,
                                DicomWebException.reason(status),
                                attempt + 1,
                                attempts,
                                wait.toMillis());
                    } else {
                        String detail = attempt > 1 ? "gave up after " + attempt + " attempts" : null;
                        if (status >= 300 && status < 400) {
                            String location = connection.getHeaderField("Location");
                            detail = "redirects are not followed; Location: " + (location == null ? "none" : location);
                        }
                        throw new DicomWebException("GET", url, status, detail);
                    }
                }
            } finally {
                underWay.remove(connection);
                if (!reusable) {
                    connection.disconnect(); // a connection in an unknown state is not kept for the next request
                }
            }
            pause(wait);
        }
    }

    /** A GET of this URL: no redirects, no caches, no proxy, the timeouts and the credentials of the settings. */
    private HttpURLConnection open(URL target, String accept) throws IOException {
        if (closed) {
            throw new IOException("DICOMweb GET " + target + ": the client is closed");
        }
        HttpURLConnection connection = (HttpURLConnection) target.openConnection(Proxy.NO_PROXY);
        if (tls != null && connection instanceof HttpsURLConnection https) {
            https.setSSLSocketFactory(tls);
        }
        connection.setInstanceFollowRedirects(false);
        connection.setUseCaches(false);
        connection.setConnectTimeout(timeoutMillis(settings.connectTimeout()));
        connection.setReadTimeout(timeoutMillis(settings.requestTimeout()));
        connection.setRequestProperty("Accept", accept);
        if (authorization != null) {
            connection.setRequestProperty("Authorization", authorization);
        }
        underWay.add(connection);
        return connection;
    }

    private static int timeoutMillis(Duration timeout) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    }

    /** Whether a read failed because no byte came for the request timeout. */
    private static boolean stalled(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }

    /**
     * Reads what little a reader left (a multipart epilogue, trailing white space), so that the connection can serve
     * the next request instead of being dropped; a long tail is left to be cut off.
     *
     * @return whether the body was read to its end, so that the connection may serve another request
     */
    private static boolean drainTail(InputStream body) {
        byte[] sink = new byte[8_192];
        try {
            for (int total = 0; total < 65_536; ) {
                int n = body.read(sink);
                if (n < 0) {
                    body.close();
                    return true;
                }
                total += n;
            }
        } catch (IOException e) {
            // the answer is complete; the connection is merely not reused
        }
        return false;
    }

    /** Reads and closes a short error body, so that the connection can serve the next request. */
    private static boolean discardError(HttpURLConnection connection) {
        try (InputStream error = connection.getErrorStream()) {
            return error == null || drainTail(error);
        } catch (IOException e) {
            return false;
        }
    }

    private void pause(Duration wait) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException("interrupted before retrying a DICOMweb request");
        }
        sleeper.sleep(wait);
    }

    /** Connection failures are worth another try; certificate failures are not. */
    private static boolean retried(IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SSLHandshakeException || t instanceof CertificateException) {
                return false;
            }
        }
        return true;
    }

    /** The wait after the given failed attempt: first * 2^(attempt-1), capped, then jittered into its upper half. */
    Duration backoff(int attempt) {
        long max = settings.maxBackoff().toNanos();
        long wait = settings.firstBackoff().toNanos();
        for (int i = 1; i < attempt && wait < max; i++) {
            wait = wait > max / 2 ? max : wait * 2;
        }
        wait = Math.min(wait, max);
        long half = wait / 2;
        return Duration.ofNanos(half + ThreadLocalRandom.current().nextLong(wait - half + 1));
    }

    /** Retry-After as seconds or an HTTP date, capped by maxBackoff; null when absent or unreadable. */
    private Duration retryAfter(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        Duration after;
        try {
            after = Duration.ofSeconds(Long.parseLong(value.trim()));
        } catch (NumberFormatException e) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
                after = Duration.between(ZonedDateTime.now(at.getZone()), at);
            } catch (DateTimeParseException notADate) {
                return null;
            }
        }
        if (after.isNegative()) {
            after = Duration.ZERO;
        }
        return after.compareTo(settings.maxBackoff()) > 0 ? settings.maxBackoff() : after;
    }

    private static String gaveUp(int attempt) {
        return attempt > 1 ? " (gave up after " + attempt + " attempts)" : "";
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        String name = e.getClass().getSimpleName();
        String text = message == null || message.isBlank() ? name : name + ": " + message;
        Throwable cause = e.getCause();
        // The JDK's response stream reports a failure as "closed", its reason as the cause.
        return cause != null && cause != e && cause.getMessage() != null && !text.contains(cause.getMessage())
                ? text + " (" + describe(cause) + ")"
                : text;
    }

    private static long millisSince(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
    }

    static String authorization(DicomWebAuth auth) {
        if (auth instanceof BasicAuth basic) {
            return basic.authorization();
        }
        if (auth instanceof BearerAuth bearer) {
            return bearer.authorization();
        }
        if (auth instanceof NoAuth none) {
            return none.authorization();
        }
        throw new IllegalArgumentException(
                "unknown DicomWebAuth " + auth.getClass().getName());
    }

    private static String encode(String s) {
        return URLEncoder.encode(Objects.requireNonNull(s, "query value"), StandardCharsets.UTF_8)
                .replace("+", "%20");
    }

    private static String segment(String uid) {
        requireNonNull(uid, "UID");
        if (uid.isBlank()) {
            throw new IllegalArgumentException("a UID cannot be blank");
        }
        return encode(uid.trim());
    }

    /** The JVM's trust anchors plus the CA certificate(s) in a PEM file. */
    static SSLContext sslContext(String caFile) {
        try {
            TrustManagerFactory jvm = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            jvm.init((KeyStore) null);
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            int n = 0;
            for (TrustManager tm : jvm.getTrustManagers()) {
                if (tm instanceof X509TrustManager x509) {
                    for (X509Certificate anchor : x509.getAcceptedIssuers()) {
                        trusted.setCertificateEntry("jvm-" + n++, anchor);
                    }
                }
            }
            Collection<? extends Certificate> site;
            try (InputStream in = Files.newInputStream(Path.of(caFile))) {
                site = CertificateFactory.getInstance("X.509").generateCertificates(in);
            }
            if (site.isEmpty()) {
                throw new IllegalArgumentException("no certificate in CA file " + caFile);
            }
            int k = 0;
            for (Certificate cert : site) {
                trusted.setCertificateEntry("site-" + k++, cert);
            }
            TrustManagerFactory both = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            both.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, both.getTrustManagers(), null);
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read CA file " + caFile + ": " + describe(e), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot trust CA file " + caFile + ": " + describe(e), e);
        }
    }

    /**
     * Notes whether the response stream itself failed or ended, and how much it gave; a body that ends short of its
     * Content-Length fails, as the connection broke off.
     */
    private static final class WatchedStream extends FilterInputStream {
        /** The Content-Length, or -1 (chunked, where the JDK itself fails a body that breaks off). */
        private final long length;

        boolean failed;
        boolean ended;
        long bytes;

        WatchedStream(InputStream in, long length) {
            super(in);
            this.length = length;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n;
            try {
                n = super.read(b, off, len);
            } catch (IOException e) {
                failed = true;
                throw e;
            }
            if (n < 0) {
                ended = true;
                if (length >= 0 && bytes < length) {
                    failed = true;
                    throw new EOFException("the connection closed after " + bytes + " of " + length + " bytes");
                }
            } else {
                bytes += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            try {
                long k = super.skip(n);
                bytes += k;
                return k;
            } catch (IOException e) {
                failed = true;
                throw e;
            }
        }
    }
}
