package org.deeplesion.jobs.harvest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.deeplesion.dicom.DicomFile;
import org.deeplesion.dicom.DicomReader;
import org.deeplesion.dicom.Tag;
import org.deeplesion.jobs.TestArchives;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The PACS fixtures themselves: Orthanc with DICOMweb holds a synthetic cohort, and the proxy counts and fails. */
class OrthancTest {

    static final String WADO_ACCEPT = "multipart/related; type=\"application/dicom\"; transfer-syntax=*";
    private static final Pattern STUDY_UID =
            Pattern.compile("\"0020000D\"\\s*:\\s*\\{[^}]*?\"Value\"\\s*:\\s*\\[\\s*\"([^\"]+)\"");

    @TempDir
    static Path tmp;

    static Orthanc orthanc;
    static int uploaded;
    static Set<String> studies;
    /** CT series UID to its study UID and slice count. */
    static Map<String, Map.Entry<String, Integer>> ctSeries = new TreeMap<>();

    final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    PacsProxy proxy;

    @BeforeAll
    static void uploadCohort() throws Exception {
        Orthanc.requireInstalled();
        Path cohort = tmp.resolve("cohort");
        TestArchives.cohort(cohort, 2, 11);
        Path dicom = cohort.resolve("dicom");
        DicomReader headers = new DicomReader(DicomReader.Options.headersOnly());
        studies = new TreeSet<>();
        try (Stream<Path> s = Files.walk(dicom)) {
            for (Path p : s.filter(f -> f.toString().endsWith(".dcm")).toList()) {
                studies.add(headers.read(p).dataset().string(Tag.StudyInstanceUID));
            }
        }
        for (Path p : TestArchives.ctSlices(dicom)) {
            DicomFile f = headers.read(p);
            String series = f.dataset().string(Tag.SeriesInstanceUID);
            String study = f.dataset().string(Tag.StudyInstanceUID);
            ctSeries.merge(series, Map.entry(study, 1), (a, b) -> Map.entry(a.getKey(), a.getValue() + 1));
        }
        orthanc = Orthanc.start(tmp.resolve("orthanc"));
        uploaded = orthanc.uploadAll(dicom);
    }

    @AfterAll
    static void stopOrthanc() {
        if (orthanc != null) {
            orthanc.close();
        }
    }

    @BeforeEach
    void startProxy() throws IOException {
        proxy = PacsProxy.start(orthanc.uri());
    }

    @AfterEach
    void closeProxy() {
        proxy.close();
    }

    @Test
    void holdsEveryUploadedInstance() throws Exception {
        assertThat(uploaded).isGreaterThan(ctSeries.size());
        assertThat(orthanc.instanceCount()).isEqualTo(uploaded);
        assertThat(studies).hasSizeBetween(2, 4);
    }

    @Test
    void qidoThroughTheProxyListsTheCohortsStudies() throws Exception {
        HttpResponse<String> r = get(proxy.uri() + "/dicom-web/studies", orthanc.authorization(), "application/json");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(studyUids(r.body())).isEqualTo(studies);
        assertThat(proxy.requests()).containsExactly("GET /dicom-web/studies");
    }

    @Test
    void wadoRsRetrievesASeriesAsMultipart() throws Exception {
        Map.Entry<String, Map.Entry<String, Integer>> series =
                ctSeries.entrySet().iterator().next();
        String url = proxy.uri() + "/dicom-web/studies/" + series.getValue().getKey() + "/series/" + series.getKey();
        HttpResponse<byte[]> r = http.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Authorization", orthanc.authorization())
                        .header("Accept", WADO_ACCEPT)
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(200);
        String contentType = r.headers().firstValue("Content-Type").orElseThrow();
        assertThat(contentType).startsWith("multipart/related").contains("application/dicom");
        Matcher boundary = Pattern.compile("boundary=\"?([^\";]+)\"?").matcher(contentType);
        assertThat(boundary.find()).as(contentType).isTrue();
        List<byte[]> parts = parts(r.body(), boundary.group(1));
        assertThat(parts).hasSize(series.getValue().getValue());
        for (byte[] part : parts) {
            String head = new String(part, 0, Math.min(part.length, 400), StandardCharsets.ISO_8859_1);
            assertThat(head)
                    .containsIgnoringCase("Content-Type: application/dicom")
                    .contains("DICM");
        }
        assertThat(proxy.count("^GET /dicom-web/studies/[^/]+/series/[^/?]+$")).isEqualTo(1);
    }

    @Test
    void requestBodiesPassThroughTheProxy() throws Exception {
        Path slice =
                TestArchives.ctSlices(tmp.resolve("cohort").resolve("dicom")).get(0);
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create(proxy.uri() + "/instances"))
                        .header("Authorization", orthanc.authorization())
                        .header("Content-Type", "application/dicom")
                        .POST(HttpRequest.BodyPublishers.ofFile(slice))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).contains("AlreadyStored");
        assertThat(proxy.requests()).containsExactly("POST /instances");
        assertThat(orthanc.instanceCount()).isEqualTo(uploaded);
    }

    @Test
    void wrongPasswordOrNoneIs401() throws Exception {
        assertThat(get(
                                proxy.uri() + "/dicom-web/studies",
                                Orthanc.basic(orthanc.user(), "not-the-password"),
                                "application/json")
                        .statusCode())
                .isEqualTo(401);
        assertThat(get(proxy.uri() + "/dicom-web/studies", null, "application/json")
                        .statusCode())
                .isEqualTo(401);
        assertThat(get(orthanc.uri() + "/system", Orthanc.basic("someone", orthanc.password()), null)
                        .statusCode())
                .isEqualTo(401);
    }

    @Test
    void failNextAnswersWithoutForwardingThenPassesAgain() throws Exception {
        proxy.failNext(2, 503);
        String url = proxy.uri() + "/dicom-web/studies?limit=" + URLEncoder.encode("10", StandardCharsets.UTF_8);
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> r = get(url, orthanc.authorization(), "application/json");
            statuses.add(r.statusCode());
            if (i < 2) {
                assertThat(r.headers().firstValue("Retry-After")).hasValue("0");
            }
        }
        assertThat(statuses).containsExactly(503, 503, 200);
        assertThat(proxy.count("^GET /dicom-web/studies\\?limit=10$")).isEqualTo(3);
    }

    @Test
    void stoppedRefusesConnectionsAndRestartServesTheSameStudies() throws Exception {
        long instances = orthanc.instanceCount();
        orthanc.stop();
        assertThat(orthanc.isRunning()).isFalse();
        try {
            assertThatThrownBy(() -> get(orthanc.uri() + "/system", orthanc.authorization(), null))
                    .isInstanceOf(ConnectException.class);
            assertThat(get(proxy.uri() + "/dicom-web/studies", orthanc.authorization(), "application/json")
                            .statusCode())
                    .isEqualTo(502);
        } finally {
            orthanc.restart();
        }
        assertThat(orthanc.isRunning()).isTrue();
        HttpResponse<String> r = get(proxy.uri() + "/dicom-web/studies", orthanc.authorization(), "application/json");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(studyUids(r.body())).isEqualTo(studies);
        assertThat(orthanc.instanceCount()).isEqualTo(instances);
    }

    private HttpResponse<String> get(String url, String authorization, String accept)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        if (accept != null) {
            b.header("Accept", accept);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static Set<String> studyUids(String qidoJson) {
        Matcher m = STUDY_UID.matcher(qidoJson);
        Set<String> out = new TreeSet<>();
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    /** The parts of a multipart body, each with its headers, without the delimiters. */
    static List<byte[]> parts(byte[] body, String boundary) {
        String text = new String(body, StandardCharsets.ISO_8859_1);
        String delimiter = "--" + boundary;
        List<byte[]> out = new ArrayList<>();
        int at = text.indexOf(delimiter);
        while (at >= 0) {
            int start = at + delimiter.length();
            if (text.startsWith("--", start)) {
                break; // the close delimiter
            }
            int next = text.indexOf("\r\n" + delimiter, start);
            if (next < 0) {
                break;
            }
            out.add(text.substring(start, next).getBytes(StandardCharsets.ISO_8859_1));
            at = next + 2;
        }
        return out;
    }
}
