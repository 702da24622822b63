package org.deeplesion.jobs.harvest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.deeplesion.ct.ContextWindow;
import org.deeplesion.ct.SliceHeader;
import org.deeplesion.dicom.DicomDataset;
import org.deeplesion.dicom.DicomFile;
import org.deeplesion.dicom.DicomReader;
import org.deeplesion.dicom.References;
import org.deeplesion.dicom.Tag;
import org.deeplesion.dicomweb.DicomWebAuth;
import org.deeplesion.dicomweb.DicomWebSettings;
import org.deeplesion.jobs.SparkTestSession;
import org.deeplesion.jobs.TestArchives;
import org.deeplesion.jobs.cli.DeepLesionCli;
import org.deeplesion.jobs.ingest.IngestJob;
import org.deeplesion.jobs.ingest.IngestOptions;
import org.deeplesion.jobs.lake.Lake;
import org.deeplesion.jobs.lake.LakeTable;
import org.deeplesion.jobs.mine.MineJob;
import org.deeplesion.jobs.mine.MineOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Harvests from a real PACS (Orthanc, with its DICOMweb plugin and basic authentication) on loopback. */
class HarvestJobTest {

    private static final byte[] SECRET = "harvest-test-secret-0123456789".getBytes(StandardCharsets.UTF_8);
    private static final DicomReader HEADERS = new DicomReader(DicomReader.Options.headersOnly());
    private static final Set<String> MEASUREMENT_CLASSES = Set.of("1.2.840.10008.5.1.4.1.1.11.1");

    @TempDir
    Path dir;

    private final SparkSession spark = SparkTestSession.get();
    private final List<AutoCloseable> servers = new ArrayList<>();

    @AfterEach
    void stopServers() throws Exception {
        for (AutoCloseable s : servers) {
            s.close();
        }
    }

    @Test
    void harvestingEverythingThenIngestingAndMiningGivesTheLakeOfTheFilesThemselves() throws Exception {
        Path cohort = cohort(2, 81);
        Orthanc pacs = orthanc();
        pacs.uploadAll(cohort);

        HarvestSummary summary = harvest(pacs.dicomWebRoot(), pacs, false);

        assertThat(summary.instances()).isEqualTo(dicomFiles(cohort).size());
        Lake harvested = ingestAndMine("harvested-lake", dir.resolve("archive"));
        Lake direct = ingestAndMine("direct-lake", cohort);
        assertThat(slices(harvested)).isEqualTo(slices(direct)).isNotEmpty();
        assertThat(lesions(harvested)).isEqualTo(lesions(direct)).isNotEmpty();
        assertThat(new Lake(spark, dir.resolve("lake").toUri().toString())
                        .read(LakeTable.HARVESTS)
                        .orElseThrow()
                        .count())
                .isEqualTo(summary.series());
    }

    @Test
    void bookmarkedOnlyRetrievesTheMeasurementObjectsAndTheSlicesWithinTheContextOfEachKeySlice() throws Exception {
        Path cohort = cohort(3, 82);
        List<Path> files = dicomFiles(cohort);
        // One patient's studies lose their presentation states: nothing of them is to be harvested.
        Path unbookmarked;
        try (Stream<Path> patients = Files.list(cohort)) {
            unbookmarked = patients.sorted().findFirst().orElseThrow();
        }
        List<Path> uploaded = new ArrayList<>();
        for (Path f : files) {
            if (!(f.startsWith(unbookmarked) && isMeasurement(f))) {
                uploaded.add(f);
            }
        }
        Orthanc pacs = orthanc();
        for (Path f : uploaded) {
            pacs.upload(f);
        }

        harvestAround(pacs, 5);

        Set<String> expected = expectedAroundBookmarks(uploaded, 5);
        assertThat(sopUids(dicomFiles(dir.resolve("archive")))).isEqualTo(expected);
        assertThat(expected)
                .as("slices of bookmarked series left out")
                .hasSizeLessThan(uploaded.size() - dicomFiles(unbookmarked).size());
    }

    @Test
    void aSecondHarvestRetrievesOnlyTheStudiesThatAreNewOrHaveGainedInstances() throws Exception {
        Path first = cohort(1, 83);
        Orthanc pacs = orthanc();
        pacs.uploadAll(first);
        harvest(pacs.dicomWebRoot(), pacs, false);
        Path second = dir.resolve("second");
        TestArchives.cohort(second, 1, 84);
        pacs.uploadAll(second.resolve("dicom"));
        PacsProxy proxy = proxy(pacs);

        HarvestSummary again = harvest(URI.create(proxy.uri() + "/dicom-web/"), pacs, false);

        Set<String> newStudies = studies(dicomFiles(second.resolve("dicom")));
        assertThat(again.studiesUnchanged())
                .isEqualTo(studies(dicomFiles(first)).size());
        assertThat(again.instances())
                .isEqualTo(dicomFiles(second.resolve("dicom")).size());
        List<String> retrieves = proxy.requests().stream()
                .filter(r -> r.matches("GET .*/studies/[^/]+/series/[^/?]+"))
                .toList();
        assertThat(retrieves).isNotEmpty().allMatch(r -> newStudies.stream().anyMatch(r::contains));
        assertThat(sopUids(dicomFiles(dir.resolve("archive"))))
                .isEqualTo(sopUids(concat(dicomFiles(first), dicomFiles(second.resolve("dicom")))));
    }

    @Test
    void aHarvestWhoseServerStopsFailsNamingTheStudyAndARerunEndsWithEveryInstanceOnce() throws Exception {
        Path cohort = cohort(4, 85);
        Orthanc pacs = orthanc();
        pacs.uploadAll(cohort);
        Path archive = dir.resolve("archive");
        PacsProxy proxy = proxy(pacs);
        // The PACS goes away when the harvest asks for its second series, after the first has arrived.
        proxy.holdAfter(1, "^GET /dicom-web/studies/[^/]+/series/[^/?]+$");
        URI root = URI.create(proxy.uri() + "/dicom-web/");

        CompletableFuture<HarvestSummary> running = CompletableFuture.supplyAsync(() -> {
            try {
                return harvest(root, pacs, false, 1);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(proxy.awaitHeld(5, TimeUnit.MINUTES))
                .as("the harvest asked for a second series")
                .isTrue();
        assertThat(dicomFiles(archive)).as("the first series arrived").isNotEmpty();
        pacs.stop();
        proxy.close();

        Throwable failure = catchThrowable(() -> running.get(5, TimeUnit.MINUTES));
        while (failure != null && !(failure instanceof IOException)) {
            failure = failure.getCause();
        }
        assertThat(failure).as("the harvest failed with an IOException").isNotNull();
        assertThat(failure.getMessage()).startsWith("harvest failed: study ").contains(root.toString());
        pacs.restart();
        harvest(pacs.dicomWebRoot(), pacs, false);
        List<Path> harvested = dicomFiles(archive);
        assertThat(harvested).hasSize(dicomFiles(cohort).size());
        assertThat(sopUids(harvested)).isEqualTo(sopUids(dicomFiles(cohort)));
        try (Stream<Path> all = Files.walk(archive)) {
            assertThat(all.filter(p -> p.getFileName().toString().startsWith(".part-"))
                            .toList())
                    .isEmpty();
        }
    }

    @Test
    void aServerThatAnswers503AFewTimesIsRetriedAndTheHarvestCompletes() throws Exception {
        Path cohort = cohort(1, 86);
        Orthanc pacs = orthanc();
        pacs.uploadAll(cohort);
        PacsProxy proxy = proxy(pacs);
        proxy.failNext(3, 503);

        HarvestSummary summary = harvest(URI.create(proxy.uri() + "/dicom-web/"), pacs, false);

        assertThat(summary.instances()).isEqualTo(dicomFiles(cohort).size());
        assertThat(sopUids(dicomFiles(dir.resolve("archive")))).isEqualTo(sopUids(dicomFiles(cohort)));
    }

    @Test
    void aWrongPasswordIsOneLineRetrievesNothingAndThePasswordIsWrittenNowhere() throws Exception {
        Path cohort = cohort(1, 87);
        Orthanc pacs = orthanc();
        pacs.uploadAll(cohort);
        String wrong = "wrong-" + pacs.password();
        Map<String, String> conf =
                Map.of("spark.deeplesion.dicomweb.user", pacs.user(), "spark.deeplesion.dicomweb.password", wrong);
        conf.forEach(System::setProperty);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream stderr = System.err;
        int code;
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            code = DeepLesionCli.run(
                    "harvest",
                    "--dicomweb",
                    pacs.dicomWebRoot().toString(),
                    "--archive",
                    dir.resolve("archive").toUri().toString(),
                    "--lake",
                    dir.resolve("lake").toUri().toString(),
                    "--demo-key");
        } finally {
            System.setErr(stderr);
            conf.keySet().forEach(System::clearProperty);
        }

        String printed = err.toString(StandardCharsets.UTF_8);
        assertThat(code).isEqualTo(2);
        assertThat(printed.lines()
                        .filter(l -> l.startsWith("deeplesion harvest:"))
                        .toList())
                .singleElement()
                .asString()
                .contains("HTTP 401");
        assertThat(printed).doesNotContain("\tat ").doesNotContain(wrong);
        assertThat(dicomFiles(dir.resolve("archive"))).isEmpty();
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path f : all.filter(Files::isRegularFile).toList()) {
                assertThat(Files.readString(f, StandardCharsets.ISO_8859_1))
                        .as("%s", f)
                        .doesNotContain(wrong);
            }
        }
    }

    private HarvestSummary harvest(URI root, Orthanc pacs, boolean bookmarkedOnly) throws Exception {
        return harvest(root, pacs, bookmarkedOnly, 30, 2);
    }

    private HarvestSummary harvest(URI root, Orthanc pacs, boolean bookmarkedOnly, int connections) throws Exception {
        return harvest(root, pacs, bookmarkedOnly, 30, connections);
    }

    private HarvestSummary harvestAround(Orthanc pacs, double contextMm) throws Exception {
        return harvest(pacs.dicomWebRoot(), pacs, true, contextMm, 2);
    }

    private HarvestSummary harvest(URI root, Orthanc pacs, boolean bookmarkedOnly, double contextMm, int connections)
            throws Exception {
        DicomWebSettings settings = new DicomWebSettings(
                root,
                DicomWebAuth.basic(pacs.user(), pacs.password()),
                Duration.ofSeconds(10),
                Duration.ofMinutes(2),
                4,
                Duration.ofMillis(10),
                Duration.ofMillis(100),
                null);
        return new HarvestJob(
                        spark,
                        new HarvestOptions(
                                settings,
                                dir.resolve("archive").toUri().toString(),
                                dir.resolve("lake").toUri().toString(),
                                null,
                                "CT",
                                bookmarkedOnly,
                                contextMm,
                                connections,
                                SECRET))
                .run();
    }

    private Orthanc orthanc() throws IOException, InterruptedException {
        Orthanc o = Orthanc.start(Files.createDirectories(dir.resolve("orthanc-" + servers.size())));
        servers.add(o);
        return o;
    }

    private PacsProxy proxy(Orthanc pacs) throws IOException {
        PacsProxy p = PacsProxy.start(pacs.uri());
        servers.add(p);
        return p;
    }

    private Path cohort(int patients, long seed) throws IOException {
        TestArchives.cohort(dir.resolve("cohort"), patients, seed);
        return dir.resolve("cohort/dicom");
    }

    private Lake ingestAndMine(String name, Path input) {
        Lake lake = new Lake(spark, dir.resolve(name).toUri().toString());
        new IngestJob(
                        spark,
                        new IngestOptions(List.of(input.toUri().toString()), lake.root(), SECRET, false, 64L << 20, 4))
                .run();
        new MineJob(spark, new MineOptions(lake.root(), null, null, 1, 0.7, 0.15, null)).run();
        return lake;
    }

    /** Each slice's identity, geometry and a digest of its HU pixels. */
    private static Set<String> slices(Lake lake) throws NoSuchAlgorithmException {
        Set<String> out = new HashSet<>();
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        for (Row r : lake.read(LakeTable.SLICES)
                .orElseThrow()
                .select(
                        "patient_key",
                        "study_uid",
                        "series_uid",
                        "sop_instance_uid",
                        "frame_index",
                        "slice_index",
                        "position_mm",
                        "rows",
                        "columns",
                        "hu")
                .collectAsList()) {
            out.add(r.mkString("|").replace(r.get(9).toString(), "")
                    + HexFormat.of().formatHex(sha.digest(r.getAs("hu"))));
        }
        return out;
    }

    private static Set<String> lesions(Lake lake) {
        Set<String> out = new HashSet<>();
        for (Row r : lake.read(LakeTable.LESIONS)
                .orElseThrow()
                .select(
                        "lesion_id",
                        "sop_instance_uid",
                        "box_x1",
                        "box_y1",
                        "box_x2",
                        "box_y2",
                        "long_diameter_mm",
                        "split")
                .collectAsList()) {
            out.add(r.mkString("|"));
        }
        return out;
    }

    /** The SOP Instance UIDs a bookmarked-only harvest must bring: the objects, and the slices around their keys. */
    private static Set<String> expectedAroundBookmarks(List<Path> uploaded, double mm) throws IOException {
        Set<String> out = new HashSet<>();
        Set<String> keys = new HashSet<>();
        Map<String, List<ContextWindow.Slice>> series = new HashMap<>();
        for (Path f : uploaded) {
            DicomFile file = HEADERS.read(f);
            DicomDataset ds = file.dataset();
            if (MEASUREMENT_CLASSES.contains(file.sopClassUid())) {
                out.add(file.sopInstanceUid());
                keys.addAll(References.sopInstanceUids(ds));
            } else {
                series.computeIfAbsent(ds.string(Tag.SeriesInstanceUID), s -> new ArrayList<>())
                        .add(new ContextWindow.Slice(
                                file.sopInstanceUid(),
                                SliceHeader.normalPosition(
                                        ds.doubles(Tag.ImagePositionPatient),
                                        ds.doubles(Tag.ImageOrientationPatient),
                                        null)));
            }
        }
        for (List<ContextWindow.Slice> s : series.values()) {
            out.addAll(ContextWindow.around(s, keys, mm));
        }
        return out;
    }

    private static boolean isMeasurement(Path f) {
        try {
            return MEASUREMENT_CLASSES.contains(HEADERS.read(f).sopClassUid());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Path> dicomFiles(Path root) {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".dcm"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Set<String> sopUids(List<Path> files) throws IOException {
        Set<String> out = new HashSet<>();
        for (Path f : files) {
            assertThat(out.add(HEADERS.read(f).sopInstanceUid()))
                    .as("%s is a second copy", f)
                    .isTrue();
        }
        return out;
    }

    private static Set<String> studies(List<Path> files) throws IOException {
        Set<String> out = new HashSet<>();
        for (Path f : files) {
            out.add(HEADERS.read(f).dataset().string(Tag.StudyInstanceUID));
        }
        return out;
    }

    private static List<Path> concat(List<Path> a, List<Path> b) {
        List<Path> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
