package org.deeplesion.dicomweb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.deeplesion.dicomweb.LoopbackServer.hangUp;
import static org.deeplesion.dicomweb.LoopbackServer.respond;
import static org.deeplesion.dicomweb.LoopbackServer.respondJson;
import static org.deeplesion.dicomweb.MultipartFixtures.BOUNDARY;
import static org.deeplesion.dicomweb.MultipartFixtures.TYPE;
import static org.deeplesion.dicomweb.MultipartFixtures.ascii;
import static org.deeplesion.dicomweb.MultipartFixtures.multipart;
import static org.deeplesion.dicomweb.MultipartFixtures.trickyBody;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DicomWebClientTest {

    private final List<AutoCloseable> open = new ArrayList<>();
    /** The waits the client asked for between tries; it never really sleeps in these tests. */
    private final List<Duration> waits = Collections.synchronizedList(new ArrayList<>());

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    private LoopbackServer server(LoopbackServer.Handler handler) throws IOException {
        LoopbackServer server = LoopbackServer.http(handler);
        open.add(server);
        return server;
    }

    private DicomWebClient client(DicomWebSettings settings) {
        DicomWebClient client = new DicomWebClient(settings, waits::add);
        open.add(client);
        return client;
    }

    /** Three tries, backoff of a millisecond, no credentials. */
    private DicomWebClient client(LoopbackServer server) {
        return client(settings(server, DicomWebAuth.none()));
    }

    private static DicomWebSettings settings(LoopbackServer server, DicomWebAuth auth) {
        return DicomWebSettings.of(server.url("/dicom-web"), auth)
                .withRetries(3, Duration.ofMillis(1), Duration.ofMillis(5));
    }

    private static String study(int i) {
        return "{\"0020000D\":{\"vr\":\"UI\",\"Value\":[\"1.2.3." + i + "\"]}}";
    }

    /** A sink that keeps each part whole; fine for the small parts of these tests. */
    private static PartSink collect(List<byte[]> into) {
        return part -> into.add(part.readAllBytes());
    }

    private static final List<byte[]> PARTS =
            List.of(ascii("DICM first"), trickyBody(BOUNDARY), new byte[0], ascii("DICM last\r\n"));

    // ---- QIDO-RS

    @Test
    void searchStudiesPagesUntilAPageIsShort() throws Exception {
        Pattern paging = Pattern.compile("limit=(\\d+)&offset=(\\d+)");
        LoopbackServer server = server((exchange, n) -> {
            Matcher m = paging.matcher(exchange.getRequestURI().getRawQuery());
            assertThat(m.find()).isTrue();
            int limit = Integer.parseInt(m.group(1));
            int offset = Integer.parseInt(m.group(2));
            List<String> page = new ArrayList<>();
            for (int i = offset; i < Math.min(offset + limit, 250); i++) {
                page.add(study(i));
            }
            respondJson(exchange, "[" + String.join(",", page) + "]");
        });
        Map<String, String> query = new LinkedHashMap<>();
        query.put("StudyDate", "20200101-");
        query.put("ModalitiesInStudy", "CT");

        List<DicomJson> studies = client(server).searchStudies(query, 100);

        assertThat(studies).hasSize(250);
        assertThat(studies.get(0).string("0020000D")).isEqualTo("1.2.3.0");
        assertThat(studies.get(249).string("0020000D")).isEqualTo("1.2.3.249");
        assertThat(server.requests())
                .extracting(LoopbackServer.Request::query)
                .containsExactly(
                        "StudyDate=20200101-&ModalitiesInStudy=CT&limit=100&offset=0",
                        "StudyDate=20200101-&ModalitiesInStudy=CT&limit=100&offset=100",
                        "StudyDate=20200101-&ModalitiesInStudy=CT&limit=100&offset=200");
        assertThat(server.requests()).extracting(LoopbackServer.Request::accept).containsOnly("application/dicom+json");
    }

    @Test
    void aServerThatIgnoresOffsetIsCaughtInsteadOfAskedForever() throws Exception {
        LoopbackServer server = server((exchange, n) -> respondJson(exchange, "[" + study(1) + "," + study(2) + "]"));

        assertThatThrownBy(() -> client(server).searchStudies(Map.of(), 2))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("ignore offset");
        assertThat(server.requests()).hasSize(2);
    }

    @Test
    void anEmptyBodyOrNoContentMeansNoResults() throws Exception {
        LoopbackServer server = server((exchange, n) -> {
            if (n == 0) {
                respond(exchange, 204, null, new byte[0]);
            } else {
                respond(exchange, 200, "application/dicom+json", new byte[0]);
            }
        });
        DicomWebClient client = client(server);

        assertThat(client.searchStudies(Map.of("PatientID", "X"), 100)).isEmpty();
        assertThat(client.searchSeries("1.2.3")).isEmpty();
    }

    @Test
    void pathsAreBuiltOnTheBaseUrlWithOrWithoutATrailingSlash() throws Exception {
        LoopbackServer server = server((exchange, n) -> respondJson(exchange, "[" + study(n) + "]"));
        for (String base : List.of("/dicom-web", "/dicom-web/")) {
            DicomWebClient client = client(DicomWebSettings.of(server.url(base), DicomWebAuth.none()));
            client.searchSeries("1.2.3");
            client.searchInstances("1.2.3", "1.2.3.4");
            client.seriesMetadata("1.2.3", "1.2.3.4");
        }

        List<String> expected = List.of(
                "/dicom-web/studies/1.2.3/series?includefield=00080060&includefield=00201209",
                "/dicom-web/studies/1.2.3/series/1.2.3.4/instances",
                "/dicom-web/studies/1.2.3/series/1.2.3.4/metadata");
        List<String> both = new ArrayList<>(expected);
        both.addAll(expected);
        assertThat(server.requests()).extracting(r -> r.uri().toString()).containsExactlyElementsOf(both);
    }

    @Test
    void metadataComesBackAsDatasets() throws Exception {
        LoopbackServer server = server((exchange, n) -> respondJson(
                exchange,
                "[{\"00080018\":{\"vr\":\"UI\",\"Value\":[\"1.9\"]},"
                        + "\"00280030\":{\"vr\":\"DS\",\"Value\":[0.7,0.7]}}]"));

        List<DicomJson> metadata = client(server).seriesMetadata("1.2", "1.2.3");

        assertThat(metadata).hasSize(1);
        assertThat(metadata.get(0).string("00080018")).isEqualTo("1.9");
        assertThat(metadata.get(0).doubles("00280030")).containsExactly(0.7, 0.7);
    }

    // ---- WADO-RS retrieve

    @Test
    void retrieveSeriesStreamsEachPartToTheSink() throws Exception {
        LoopbackServer server = server((exchange, n) -> respond(exchange, 200, TYPE, multipart(BOUNDARY, PARTS)));
        List<byte[]> got = new ArrayList<>();

        RetrieveResult result = client(server).retrieveSeries("1.2.3", "1.2.3.4", collect(got));

        assertThat(got).containsExactlyElementsOf(PARTS);
        assertThat(result)
                .isEqualTo(new RetrieveResult(
                        4, PARTS.stream().mapToLong(p -> p.length).sum()));
        assertThat(server.requests()).singleElement().satisfies(r -> {
            assertThat(r.uri().getPath()).isEqualTo("/dicom-web/studies/1.2.3/series/1.2.3.4");
            assertThat(r.accept()).isEqualTo("multipart/related; type=\"application/dicom\"; transfer-syntax=*");
        });
    }

    @Test
    void partsSplitIntoOneByteAndOddSizedChunksComeOutWhole() throws Exception {
        byte[] body = multipart(BOUNDARY, PARTS);
        int[] sizes = {1, 1, 1, 7, 1, 13, 2, 1, 4093, 3, 1, 5};
        LoopbackServer server = server((exchange, n) -> {
            exchange.getResponseHeaders().set("Content-Type", TYPE);
            exchange.sendResponseHeaders(200, 0); // chunked: every flush below is a chunk of its own
            try (OutputStream out = exchange.getResponseBody()) {
                for (int at = 0, turn = 0; at < body.length; turn++) {
                    int len = Math.min(sizes[turn % sizes.length], body.length - at);
                    out.write(body, at, len);
                    out.flush();
                    at += len;
                }
            }
        });
        List<byte[]> got = new ArrayList<>();

        RetrieveResult result = client(server).retrieveInstance("1.2.3", "1.2.3.4", "1.2.3.4.5", collect(got));

        assertThat(got).containsExactlyElementsOf(PARTS);
        assertThat(result.instances()).isEqualTo(4);
        assertThat(server.requests())
                .singleElement()
                .extracting(r -> r.uri().getPath())
                .isEqualTo("/dicom-web/studies/1.2.3/series/1.2.3.4/instances/1.2.3.4.5");
    }

    @Test
    void aTwentyMegabyteInstanceIsStreamedNotHeld() throws Exception {
        long size = 20L << 20;
        LoopbackServer server = server((exchange, n) -> {
            exchange.getResponseHeaders()
                    .set(
                            "Content-Type",
                            "multipart/related; type=\"application/dicom\"; boundary=\"" + BOUNDARY + "\"");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(ascii("--" + BOUNDARY + "\r\nContent-Type: application/dicom\r\n\r\n"));
                MultipartFixtures.writeGenerated(out, size, 42);
                out.write(ascii("\r\n--" + BOUNDARY + "\r\n\r\nsmall\r\n--" + BOUNDARY + "--"));
            }
        });
        List<long[]> got = new ArrayList<>();

        RetrieveResult result =
                client(server).retrieveSeries("1.2", "1.2.3", part -> got.add(MultipartFixtures.crcAndLength(part)));

        assertThat(got).hasSize(2);
        assertThat(got.get(0)).containsExactly(MultipartFixtures.generatedCrc(size, 42), size);
        assertThat(result).isEqualTo(new RetrieveResult(2, size + 5));
    }

    @Test
    void aRetrieveOfNoInstancesGivesNoParts() throws Exception {
        LoopbackServer server = server((exchange, n) -> respond(
                exchange,
                200,
                "multipart/related; boundary=\"" + BOUNDARY + "\"; type=\"application/dicom\"",
                ascii("--" + BOUNDARY + "--\r\n")));

        RetrieveResult result = client(server).retrieveSeries("1.2", "1.2.3", part -> {
            throw new AssertionError("no part expected");
        });

        assertThat(result).isEqualTo(new RetrieveResult(0, 0));
    }

    @Test
    void aResponseThatBreaksOffMidBodyIsRetriedAndTheSinkMaySeeAPartAgain() throws Exception {
        byte[] body = multipart(BOUNDARY, PARTS);
        LoopbackServer server = server((exchange, n) -> {
            if (n > 0) {
                respond(exchange, 200, TYPE, body);
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", TYPE);
            exchange.sendResponseHeaders(200, body.length);
            OutputStream out = exchange.getResponseBody();
            out.write(body, 0, body.length - 55); // into the last part, then the connection drops
            out.flush();
            throw new IOException("test server breaks off");
        });
        List<byte[]> got = new ArrayList<>();

        RetrieveResult result = client(server).retrieveSeries("1.2", "1.2.3", collect(got));

        assertThat(result.instances()).isEqualTo(4);
        // Whatever the first attempt delivered before the break comes again, in order, from the second.
        assertThat(got.subList(got.size() - 4, got.size())).containsExactlyElementsOf(PARTS);
        assertThat(got.subList(0, got.size() - 4)).containsExactlyElementsOf(PARTS.subList(0, got.size() - 4));
        assertThat(server.requests()).hasSize(2);
    }

    @Test
    void aBodyThatStallsForTheRequestTimeoutIsBrokenOffAndRetried() throws Exception {
        byte[] body = multipart(BOUNDARY, PARTS);
        CountDownLatch release = new CountDownLatch(1);
        LoopbackServer server = server((exchange, n) -> {
            if (n > 0) {
                respond(exchange, 200, TYPE, body);
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", TYPE);
            exchange.sendResponseHeaders(200, body.length);
            OutputStream out = exchange.getResponseBody();
            out.write(body, 0, 100);
            out.flush();
            try {
                release.await(1, TimeUnit.MINUTES); // stalls until the test is over
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        DicomWebClient client = client(
                settings(server, DicomWebAuth.none()).withTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(2)));
        List<byte[]> got = new ArrayList<>();

        try {
            RetrieveResult result = client.retrieveSeries("1.2", "1.2.3", collect(got));

            assertThat(result.instances()).isEqualTo(4);
            assertThat(got.subList(got.size() - 4, got.size())).containsExactlyElementsOf(PARTS);
            assertThat(server.requests()).hasSize(2);
        } finally {
            release.countDown();
        }
    }

    @Test
    void aRetrieveAnsweredWithoutMultipartFailsNamingTheUrl() throws Exception {
        LoopbackServer server = server((exchange, n) -> respond(exchange, 200, "application/dicom", ascii("DICM")));

        assertThatThrownBy(() -> client(server).retrieveSeries("1.2", "1.2.3", part -> {}))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(
                        server.url("/dicom-web/studies/1.2/series/1.2.3").toString())
                .hasMessageContaining("expected a multipart Content-Type, got application/dicom");
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void theSinksOwnFailureComesBackAsItIsAndIsNotRetried() throws Exception {
        LoopbackServer server = server((exchange, n) -> respond(exchange, 200, TYPE, multipart(BOUNDARY, PARTS)));
        IOException disk = new IOException("disk full");

        assertThatThrownBy(() -> client(server).retrieveSeries("1.2", "1.2.3", part -> {
                    throw disk;
                }))
                .isSameAs(disk);
        assertThat(server.requests()).hasSize(1);
    }

    // ---- retries

    @Test
    void serviceUnavailableTwiceThenOkSucceedsOnTheThirdRequest() throws Exception {
        LoopbackServer server = server((exchange, n) -> {
            if (n < 2) {
                respond(exchange, 503, "text/plain", ascii("busy"));
            } else {
                respondJson(exchange, "[" + study(1) + "]");
            }
        });

        List<DicomJson> series = client(server).searchSeries("1.2.3");

        assertThat(series).hasSize(1);
        assertThat(server.requests()).hasSize(3);
        assertThat(waits).hasSize(2).allSatisfy(w -> assertThat(w).isBetween(Duration.ZERO, Duration.ofMillis(5)));
    }

    @Test
    void tooManyRequestsWithRetryAfterZeroIsRetriedAtOnce() throws Exception {
        LoopbackServer server = server((exchange, n) -> {
            if (n == 0) {
                exchange.getResponseHeaders().set("Retry-After", "0");
                respond(exchange, 429, null, new byte[0]);
            } else {
                respondJson(exchange, "[]");
            }
        });

        assertThat(client(server).searchInstances("1.2", "1.2.3")).isEmpty();
        assertThat(server.requests()).hasSize(2);
        assertThat(waits).containsExactly(Duration.ZERO);
    }

    @Test
    void retryAfterIsCappedByMaxBackoff() throws Exception {
        LoopbackServer server = server((exchange, n) -> {
            if (n == 0) {
                exchange.getResponseHeaders().set("Retry-After", "3600");
                respond(exchange, 503, null, new byte[0]);
            } else {
                respondJson(exchange, "[]");
            }
        });

        client(server).searchInstances("1.2", "1.2.3");

        assertThat(waits).containsExactly(Duration.ofMillis(5));
    }

    @Test
    void retriesStopAtMaxAttemptsWithTheStatus() throws Exception {
        LoopbackServer server = server((exchange, n) -> respond(exchange, 502, null, new byte[0]));

        assertThatThrownBy(() -> client(server).searchSeries("1.2.3"))
                .isInstanceOfSatisfying(DicomWebException.class, e -> {
                    assertThat(e.status()).isEqualTo(502);
                    assertThat(e.url())
                            .isEqualTo(server.url("/dicom-web/studies/1.2.3/series")
                                            .toString() + "?includefield=00080060&includefield=00201209");
                })
                .hasMessageContaining("HTTP 502 Bad Gateway (gave up after 3 attempts)");
        assertThat(server.requests()).hasSize(3);
    }

    @Test
    void unauthorizedFailsAtOnceNamingMethodUrlAndStatus() throws Exception {
        LoopbackServer server = server((exchange, n) -> respond(exchange, 401, null, new byte[0]));

        assertThatThrownBy(() -> client(server).searchStudies(Map.of(), 100))
                .isInstanceOfSatisfying(
                        DicomWebException.class, e -> assertThat(e.status()).isEqualTo(401))
                .hasMessage("DICOMweb GET " + server.url("/dicom-web/studies") + "?limit=100&offset=0: HTTP 401 "
                        + "Unauthorized");
        assertThat(server.requests()).hasSize(1);
        assertThat(waits).isEmpty();
    }

    @Test
    void notFoundIsNotRetried() throws Exception {
        LoopbackServer server = server((exchange, n) -> respond(exchange, 404, null, new byte[0]));

        assertThatThrownBy(() -> client(server).retrieveSeries("1.2", "9.9", part -> {}))
                .isInstanceOfSatisfying(
                        DicomWebException.class, e -> assertThat(e.status()).isEqualTo(404));
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void aServerThatHangsUpIsRetriedThenFailsNamingTheUrl() throws Exception {
        LoopbackServer server = server((exchange, n) -> hangUp(exchange));

        assertThatThrownBy(() -> client(server).searchSeries("1.2.3"))
                .isInstanceOf(IOException.class)
                .isNotInstanceOf(DicomWebException.class)
                .hasMessageStartingWith("DICOMweb GET " + server.url("/dicom-web/studies/1.2.3/series"))
                .hasMessageContaining("gave up after 3 attempts");
        assertThat(waits).hasSize(2);
        // The JDK itself tries a GET once more when a connection closes before any byte of an answer.
        assertThat(server.requests()).hasSizeBetween(3, 6);
    }

    @Test
    void aPortNobodyListensOnIsRetriedThenFails() throws Exception {
        URI nobody;
        try (LoopbackServer gone = LoopbackServer.http((exchange, n) -> hangUp(exchange))) {
            nobody = gone.url("/dicom-web");
        }
        DicomWebClient client = client(DicomWebSettings.of(nobody, DicomWebAuth.none())
                .withRetries(2, Duration.ofMillis(1), Duration.ofMillis(1)));

        assertThatThrownBy(() -> client.searchSeries("1.2.3"))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("DICOMweb GET " + nobody + "/studies/1.2.3/series")
                .hasMessageContaining("ConnectException")
                .hasMessageContaining("gave up after 2 attempts");
        assertThat(waits).hasSize(1);
    }

    @Test
    void backoffDoublesWithJitterUpToItsCap() {
        DicomWebClient client = client(DicomWebSettings.of(URI.create("http://127.0.0.1:1/"), DicomWebAuth.none())
                .withRetries(10, Duration.ofMillis(500), Duration.ofSeconds(30)));

        for (int i = 0; i < 50; i++) {
            assertThat(client.backoff(1)).isBetween(Duration.ofMillis(250), Duration.ofMillis(500));
            assertThat(client.backoff(3)).isBetween(Duration.ofMillis(1000), Duration.ofMillis(2000));
            assertThat(client.backoff(40)).isBetween(Duration.ofSeconds(15), Duration.ofSeconds(30));
        }
    }

    // ---- authentication

    @Test
    void basicCredentialsGoInTheHeaderAndNowhereElse() throws Exception {
        LoopbackServer server = server((exchange, n) -> respond(exchange, 403, null, new byte[0]));
        DicomWebSettings settings = settings(server, DicomWebAuth.basic("alice", "s3cret-pw"));
        String encoded = Base64.getEncoder().encodeToString("alice:s3cret-pw".getBytes(StandardCharsets.UTF_8));

        Throwable thrown = catchThrowable(() -> client(settings).searchStudies(Map.of(), 10));

        assertThat(server.requests()).singleElement().satisfies(r -> {
            assertThat(r.authorization()).isEqualTo("Basic " + encoded);
            assertThat(r.uri().toString()).doesNotContain("s3cret");
        });
        assertThat(thrown).isInstanceOf(DicomWebException.class).hasMessageContaining("HTTP 403 Forbidden");
        assertThat(thrown.getMessage()).doesNotContain("s3cret").doesNotContain(encoded);
        assertThat(settings.toString()).doesNotContain("s3cret").contains("alice");
        assertThat(client(settings).toString()).doesNotContain("s3cret");
    }

    @Test
    void aBearerTokenGoesInTheHeaderAndNowhereElse() throws Exception {
        LoopbackServer server = server((exchange, n) -> respond(exchange, 401, null, new byte[0]));
        DicomWebSettings settings = settings(server, DicomWebAuth.bearer("tok.en-123"));

        Throwable thrown = catchThrowable(() -> client(settings).retrieveSeries("1.2", "1.2.3", part -> {}));

        assertThat(server.requests())
                .singleElement()
                .extracting(LoopbackServer.Request::authorization)
                .isEqualTo("Bearer tok.en-123");
        assertThat(thrown).isInstanceOf(DicomWebException.class);
        assertThat(thrown.getMessage()).doesNotContain("tok.en-123");
        assertThat(settings.toString()).doesNotContain("tok.en-123");
    }

    @Test
    void withoutCredentialsNoAuthorizationHeaderIsSent() throws Exception {
        LoopbackServer server = server((exchange, n) -> respondJson(exchange, "[]"));

        client(server).searchSeries("1.2.3");

        assertThat(server.requests())
                .singleElement()
                .extracting(LoopbackServer.Request::authorization)
                .isNull();
    }
}
