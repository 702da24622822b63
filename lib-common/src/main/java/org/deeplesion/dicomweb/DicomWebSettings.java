package org.deeplesion.dicomweb;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;
import java.net.URI;
import java.time.Duration;

/**
 * Everything needed to talk to one DICOMweb server. Serializable so that Spark can ship it to executors, where each
 * builds its own {@link DicomWebClient}; {@code toString()} hides the password or token.
 *
 * @param baseUrl the DICOMweb root, e.g. {@code http://pacs:8042/dicom-web} (a trailing slash is ignored); it may not
 *     carry credentials, a query or a fragment
 * @param connectTimeout how long to wait for a TCP (and TLS) connection
 * @param requestTimeout how long to wait for a response's status and headers, and for each next byte of its body
 *     (a body that stalls that long is broken off and the request tried again)
 * @param maxAttempts tries per request, the first included; at least 1
 * @param firstBackoff the wait before the second try; each later wait doubles, with jitter, up to maxBackoff
 * @param maxBackoff the longest wait between tries, also the cap on a server's Retry-After
 * @param caFile a PEM file of one or more site CA certificates to trust besides the JVM's trust store, or null
 */
public record DicomWebSettings(
        URI baseUrl,
        DicomWebAuth auth,
        Duration connectTimeout,
        Duration requestTimeout,
        int maxAttempts,
        Duration firstBackoff,
        Duration maxBackoff,
        String caFile)
        implements Serializable {

    public DicomWebSettings {
        requireNonNull(baseUrl, "baseUrl");
        requireNonNull(auth, "auth");
        requireNonNull(connectTimeout, "connectTimeout");
        requireNonNull(requestTimeout, "requestTimeout");
        requireNonNull(firstBackoff, "firstBackoff");
        requireNonNull(maxBackoff, "maxBackoff");
        String scheme = baseUrl.getScheme();
        if (!baseUrl.isAbsolute()
                || baseUrl.getHost() == null
                || !("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))) {
            throw new IllegalArgumentException(
                    "a DICOMweb base URL is http:// or https:// with a host, not " + withoutUserInfo(baseUrl));
        }
        if (baseUrl.getRawUserInfo() != null) {
            // The URL would end up in logs and exception messages; credentials belong in auth.
            throw new IllegalArgumentException(
                    "a DICOMweb base URL may not carry credentials (give them as auth): " + withoutUserInfo(baseUrl));
        }
        if (baseUrl.getRawQuery() != null || baseUrl.getRawFragment() != null) {
            throw new IllegalArgumentException("a DICOMweb base URL has no query or fragment: " + baseUrl);
        }
        if (connectTimeout.isNegative()
                || connectTimeout.isZero()
                || requestTimeout.isNegative()
                || requestTimeout.isZero()) {
            throw new IllegalArgumentException(
                    "timeouts must be positive: connect " + connectTimeout + ", request " + requestTimeout);
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, not " + maxAttempts);
        }
        if (firstBackoff.isNegative() || maxBackoff.compareTo(firstBackoff) < 0) {
            throw new IllegalArgumentException(
                    "backoff must satisfy 0 <= first <= max: first " + firstBackoff + ", max " + maxBackoff);
        }
    }

    /** 10 s to connect, 5 min for a response to start, 6 attempts, backoff from 0.5 s to 30 s, JVM trust store. */
    public static DicomWebSettings of(URI baseUrl, DicomWebAuth auth) {
        return new DicomWebSettings(
                baseUrl,
                auth,
                Duration.ofSeconds(10),
                Duration.ofMinutes(5),
                6,
                Duration.ofMillis(500),
                Duration.ofSeconds(30),
                null);
    }

    /** These settings with other retry limits. */
    public DicomWebSettings withRetries(int attempts, Duration first, Duration max) {
        return new DicomWebSettings(baseUrl, auth, connectTimeout, requestTimeout, attempts, first, max, caFile);
    }

    /** These settings with other timeouts. */
    public DicomWebSettings withTimeouts(Duration connect, Duration request) {
        return new DicomWebSettings(baseUrl, auth, connect, request, maxAttempts, firstBackoff, maxBackoff, caFile);
    }

    /** These settings, also trusting the CA certificate(s) in this PEM file (null: the JVM's trust store only). */
    public DicomWebSettings withCaFile(String pemFile) {
        return new DicomWebSettings(
                baseUrl, auth, connectTimeout, requestTimeout, maxAttempts, firstBackoff, maxBackoff, pemFile);
    }

    @Override
    public String toString() {
        return "DicomWebSettings[baseUrl=" + baseUrl + ", auth=" + auth + ", connectTimeout=" + connectTimeout
                + ", requestTimeout=" + requestTimeout + ", maxAttempts=" + maxAttempts + ", firstBackoff="
                + firstBackoff + ", maxBackoff=" + maxBackoff + ", caFile=" + caFile + "]";
    }

    private static String withoutUserInfo(URI uri) {
        if (uri.getRawUserInfo() == null) {
            return uri.toString();
        }
        String s = uri.toString();
        int at = s.indexOf(uri.getRawUserInfo() + "@");
        return s.substring(0, at) + "***@"
                + s.substring(at + uri.getRawUserInfo().length() + 1);
    }
}
