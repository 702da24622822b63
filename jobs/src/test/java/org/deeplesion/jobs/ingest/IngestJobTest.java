package org.deeplesion.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.assertj.core.data.Offset;
import org.deeplesion.ct.HounsfieldUnits;
import org.deeplesion.ct.HuPixels;
import org.deeplesion.dicom.DicomFile;
import org.deeplesion.dicom.DicomReader;
import org.deeplesion.jobs.SparkTestSession;
import org.deeplesion.jobs.TestArchives;
import org.deeplesion.jobs.lake.Lake;
import org.deeplesion.jobs.lake.LakeTable;
import org.deeplesion.jobs.run.JobContext;
import org.deeplesion.progress.ProgressOutput;
import org.deeplesion.synth.CohortTruth;
import org.deeplesion.synth.LesionTruth;
import org.deeplesion.synth.PatientTruth;
import org.deeplesion.synth.SeriesTruth;
import org.deeplesion.synth.StudyTruth;
import org.deeplesion.testing.Bytes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ingest on real Spark (local[2]) over a generated archive with a corpus of broken files in it. The tests that
 * ingest again run last, since they change the lake the others look at.
 */
class IngestJobTest {

    private static final byte[] SECRET = "test-secret-0123456789abcdef".getBytes(StandardCharsets.UTF_8);

    @TempDir
    static Path dir;

    private static SparkSession spark;
    private static CohortTruth truth;
    private static List<String> broken;
    private static IngestSummary first;
    private static Lake lake;
    private static String previousCodec;
    /** Every step's last progress line of every ingest here; no interval passes, so there are no others. */
    private static final List<String> PROGRESS = new CopyOnWriteArrayList<>();

    private static List<String> firstProgress;

    @BeforeAll
    static void ingestOnce() throws IOException {
        spark = SparkTestSession.get();
        // Uncompressed Parquet, so that the byte search for identifiers below is meaningful.
        previousCodec = spark.conf().get("spark.sql.parquet.compression.codec");
        spark.conf().set("spark.sql.parquet.compression.codec", "uncompressed");
        truth = TestArchives.cohort(dir.resolve("archive"), 2, 11);
        broken = TestArchives.brokenCorpus(
                TestArchives.ctSlices(dir.resolve("archive/dicom")).get(0),
                dir.resolve("archive/dicom").resolve(TestArchives.BROKEN));
        lake = new Lake(spark, dir.resolve("lake").toUri().toString());
        first = ingest(dir.resolve("archive/dicom"));
        firstProgress = List.copyOf(PROGRESS);
    }

    @AfterAll
    static void restoreCodec() {
        spark.conf().set("spark.sql.parquet.compression.codec", previousCodec);
    }

    private static IngestSummary ingest(Path... inputs) {
        return ingest(lake, inputs);
    }

    private static IngestSummary ingest(Lake into, Path... inputs) {
        List<String> uris = Stream.of(inputs).map(p -> p.toUri().toString()).toList();
        return new IngestJob(
                        spark,
                        new IngestOptions(uris, into.root(), SECRET, false, 64L << 20, 4),
                        JobContext.system().withProgress(ProgressOutput.log(PROGRESS::add, Duration.ofDays(1))))
                .run();
    }

    /** A copy of the lake the first ingest wrote, for a test that ingests more while the others read the original. */
    private static Lake copyOfTheLake(String name) throws IOException {
        Path copy = dir.resolve(name);
        TestArchives.copyTree(dir.resolve("lake"), copy);
        return new Lake(spark, copy.toUri().toString());
    }

    private static Dataset<Row> slices() {
        return slices(lake);
    }

    private static Dataset<Row> slices(Lake in) {
        return in.read(LakeTable.SLICES).orElseThrow();
    }

    private static int truthSliceCount(CohortTruth t) {
        int n = 0;
        for (PatientTruth p : t.patients()) {
            for (StudyTruth s : p.studies()) {
                for (SeriesTruth series : s.series()) {
                    n += series.sliceCount();
                }
            }
        }
        return n;
    }

    private static List<SeriesTruth> allSeries() {
        List<SeriesTruth> out = new ArrayList<>();
        truth.patients().forEach(p -> p.studies().forEach(s -> out.addAll(s.series())));
        return out;
    }

    @Test
    void theHeaderPassAndTheDecodeEachEndOnALineOfDoneAndTotal() {
        long files = first.filesListed();
        long slices = first.slices();

        assertThat(firstProgress).hasSize(2);
        assertThat(firstProgress.get(0))
                .matches(String.format(
                        Locale.ROOT,
                        "ingest headers: %,d/%,d files \\(100%%\\), [0-9.,]+ files/s, in \\d+ s",
                        files,
                        files));
        // A broken file that passed the header pass is rejected while decoding: its slice was to be decoded.
        assertThat(firstProgress.get(1))
                .matches(String.format(
                        Locale.ROOT,
                        "ingest decode: %,d/%,d slices \\(%d%%\\), [0-9.,]+ slices/s, in \\d+ s",
                        slices,
                        slices + 1,
                        slices * 100 / (slices + 1)));
    }

    @Test
    void everyGeneratedSliceBecomesOneRow() {
        int expected = truthSliceCount(truth);

        assertThat(first.slices()).isEqualTo(expected);
        assertThat(slices().count()).isEqualTo(expected);
        assertThat(slices().select("sop_instance_uid").distinct().count()).isEqualTo(expected);
    }

    @Test
    void pixelsAreTheHuOfTheSourceSlices() throws IOException {
        DicomReader reader = new DicomReader();
        List<Path> files = TestArchives.ctSlices(dir.resolve("archive/dicom"));
        for (Path file : List.of(files.get(0), files.get(files.size() / 2), files.get(files.size() - 1))) {
            DicomFile dicom = reader.read(file);
            Row row = slices().filter(org.apache
                            .spark
                            .sql
                            .functions
                            .col("sop_instance_uid")
                            .equalTo(dicom.sopInstanceUid()))
                    .first();
            short[] lakeHu = HuPixels.fromBytes(row.getAs("hu"), row.getAs("rows"), row.getAs("columns"));
            assertThat(lakeHu).as(file.toString()).containsExactly(HounsfieldUnits.of(dicom, 0));
        }
    }

    @Test
    void geometryMatchesTheGeneratedSeries() {
        for (SeriesTruth series : allSeries()) {
            List<Row> rows = slices().filter(
                            org.apache.spark.sql.functions.col("series_uid").equalTo(series.seriesInstanceUid()))
                    .orderBy("slice_index")
                    .collectAsList();
            assertThat(rows).hasSize(series.sliceCount());
            for (int i = 0; i < rows.size(); i++) {
                Row r = rows.get(i);
                assertThat((int) r.getAs("slice_index")).isEqualTo(i);
                assertThat((String) r.getAs("sop_instance_uid"))
                        .isEqualTo(series.sopInstanceUids().get(i));
                assertThat((int) r.getAs("rows")).isEqualTo(series.rows());
                assertThat((double) r.getAs("row_spacing_mm")).isCloseTo(series.pixelSpacingMm(), Offset.offset(1e-6));
                assertThat((double) r.getAs("slice_interval_mm"))
                        .isCloseTo(series.sliceIntervalMm(), Offset.offset(1e-3));
                assertThat((double) r.getAs("window_center")).isEqualTo(series.windowCenter());
                assertThat((String) r.getAs("manufacturer")).isEqualTo(series.manufacturer());
            }
        }
    }

    @Test
    void presentationStatesAreIndexedAsObjectsReferencingTheirKeySlice() {
        List<LesionTruth> bookmarked =
                truth.lesions().stream().filter(LesionTruth::bookmarked).toList();
        Dataset<Row> objects = lake.read(LakeTable.OBJECTS).orElseThrow();

        assertThat(objects.count()).isEqualTo(bookmarked.size());
        for (LesionTruth lesion : bookmarked) {
            Row r = objects.filter(org.apache
                            .spark
                            .sql
                            .functions
                            .col("sop_instance_uid")
                            .equalTo(lesion.presentationStateSopInstanceUid()))
                    .first();
            assertThat(r.<String>getList(r.fieldIndex("referenced_sop_instance_uids")))
                    .contains(lesion.keySopInstanceUid());
            assertThat((String) r.getAs("sop_class_name")).isEqualTo("Grayscale Softcopy Presentation State Storage");
        }
    }

    @Test
    void brokenFilesAreRejectedWithTheirReasonAndOthersSkipped() {
        Map<String, String> reasons = new HashMap<>();
        for (Row r : lake.read(LakeTable.REJECTS).orElseThrow().collectAsList()) {
            String source = r.getAs("source");
            reasons.put(source.substring(source.lastIndexOf('/') + 1), r.getAs("reason"));
        }

        assertThat(reasons.keySet()).containsExactlyInAnyOrderElementsOf(broken);
        assertThat(first.rejects()).isEqualTo(broken.size());
        assertThat(first.skipped()).isEqualTo(2);
        assertThat(reasons.get("empty.dcm")).contains("empty.dcm").contains("empty file");
        assertThat(reasons.get("truncated.dcm")).contains("truncated.dcm").contains("(7FE0,0010)");
        assertThat(reasons.get("wrong-magic.dcm")).contains("not a DICOM file");
        assertThat(reasons.get("lying-length.dcm")).contains("(0010,0020)").contains("exceeds");
        assertThat(reasons.get("jpeg-ls.dcm")).contains("unsupported transfer syntax JPEG-LS Lossless");
        assertThat(reasons.get("mr.dcm")).contains("unsupported SOP class MR Image Storage");
        assertThat(reasons.get("corrupt-jpeg.dcm")).contains("corrupt-jpeg.dcm").contains("JPEG Lossless");
    }

    @Test
    void aRunIsRecordedWithItsCounts() {
        Row run = lake.read(LakeTable.RUNS)
                .orElseThrow()
                .filter(org.apache.spark.sql.functions.col("run_id").equalTo(first.runId()))
                .first();

        assertThat((String) run.getAs("status")).isEqualTo("succeeded");
        assertThat(run.<String, Long>getJavaMap(run.fieldIndex("counts")))
                .containsEntry("slices", first.slices())
                .containsEntry("rejects", (long) broken.size());
    }

    @Test
    void theRunAndItsRejectsAreStampedByTheInjectedClock() {
        Instant fixed = Instant.parse("2031-02-03T04:05:06Z");
        Lake stamped = new Lake(spark, dir.resolve("lake-clock").toUri().toString());
        String brokenOnly = dir.resolve("archive/dicom")
                .resolve(TestArchives.BROKEN)
                .toUri()
                .toString();

        IngestSummary summary = new IngestJob(
                        spark,
                        new IngestOptions(List.of(brokenOnly), stamped.root(), SECRET, false, 64L << 20, 4),
                        JobContext.system().withClock(Clock.fixed(fixed, ZoneOffset.UTC)))
                .run();

        Row run = stamped.read(LakeTable.RUNS).orElseThrow().first();
        assertThat(run.<Timestamp>getAs("started_at").toInstant()).isEqualTo(fixed);
        assertThat(run.<Timestamp>getAs("finished_at").toInstant()).isEqualTo(fixed);
        assertThat(summary.seconds()).isZero();
        List<Row> rejects = stamped.read(LakeTable.REJECTS).orElseThrow().collectAsList();
        assertThat(rejects).hasSize((int) summary.rejects()).isNotEmpty();
        assertThat(rejects)
                .allSatisfy(r -> assertThat(r.<Timestamp>getAs("rejected_at").toInstant())
                        .isEqualTo(fixed));
    }

    @Test
    void noIdentifierTheGeneratorWroteIsAnywhereInTheLake() throws IOException {
        List<String> needles = new ArrayList<>();
        for (PatientTruth p : truth.patients()) {
            for (String s : p.identifyingStrings()) {
                for (String part : s.split("[\\^=]")) {
                    if (part.trim().length() >= 4) {
                        needles.add(part.trim());
                    }
                }
            }
        }
        assertThat(needles).hasSizeGreaterThan(20);
        List<byte[]> encoded = new ArrayList<>();
        for (String needle : needles) {
            encoded.add(needle.getBytes(StandardCharsets.UTF_8));
            encoded.add(needle.getBytes(StandardCharsets.ISO_8859_1));
        }
        List<Path> files;
        try (Stream<Path> s = Files.walk(dir.resolve("lake"))) {
            files = s.filter(Files::isRegularFile).toList();
        }
        assertThat(files).anyMatch(f -> f.toString().endsWith(".parquet"));
        for (Path f : files) {
            byte[] bytes = Files.readAllBytes(f);
            for (int i = 0; i < encoded.size(); i++) {
                assertThat(Bytes.indexOf(bytes, encoded.get(i)))
                        .as("'%s' found in %s", needles.get(i / 2), f)
                        .isNegative();
            }
        }
        // The search is able to find what is there: the lake does hold the generated UIDs in the clear.
        assertThat(files.stream().anyMatch(f -> {
                    try {
                        return Bytes.indexOf(
                                        Files.readAllBytes(f),
                                        allSeries().get(0).seriesInstanceUid().getBytes(StandardCharsets.US_ASCII))
                                >= 0;
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }))
                .isTrue();
    }

    @Test
    void reRunningOverTheSameArchiveAddsNothing() throws IOException {
        Lake rerun = copyOfTheLake("lake-rerun");
        long before = slices(rerun).count();

        IngestSummary again = ingest(rerun, dir.resolve("archive/dicom"));

        assertThat(again.slices()).isZero();
        assertThat(again.rejects()).isZero();
        assertThat(again.alreadyIngested()).isEqualTo(first.filesListed() - first.skipped());
        assertThat(slices(rerun).count()).isEqualTo(before);
        assertThat(rerun.read(LakeTable.REJECTS).orElseThrow().count()).isEqualTo(broken.size());
    }

    @Test
    void aSupersetAddsOnlyTheNewInstancesEvenWhenFilesAreCopied() throws IOException {
        Lake superset = copyOfTheLake("lake-superset");
        CohortTruth more = TestArchives.cohort(dir.resolve("more"), 1, 12);
        Path copied = dir.resolve("copied");
        Files.createDirectories(copied);
        Path someSlice = TestArchives.ctSlices(dir.resolve("archive/dicom")).get(3);
        Files.copy(someSlice, copied.resolve("same-instance-other-path.dcm"));
        long before = slices(superset).count();

        IngestSummary summary = ingest(superset, dir.resolve("archive/dicom"), dir.resolve("more/dicom"), copied);

        assertThat(summary.slices()).isEqualTo(truthSliceCount(more));
        assertThat(slices(superset).count()).isEqualTo(before + truthSliceCount(more));
        assertThat(slices(superset)
                        .groupBy("sop_instance_uid", "frame_index")
                        .count()
                        .filter("count > 1")
                        .count())
                .isZero();
    }
}
