package org.deeplesion.jobs.mine;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.deeplesion.jobs.SparkTestSession;
import org.deeplesion.jobs.TestArchives;
import org.deeplesion.jobs.ingest.IngestJob;
import org.deeplesion.jobs.ingest.IngestOptions;
import org.deeplesion.jobs.lake.Lake;
import org.deeplesion.jobs.lake.LakeTable;
import org.deeplesion.jobs.run.JobContext;
import org.deeplesion.recist.BoundingBox;
import org.deeplesion.recist.PixelPoint;
import org.deeplesion.recist.RecistMeasurement;
import org.deeplesion.synth.CohortTruth;
import org.deeplesion.synth.LesionTruth;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mining on real Spark: the presentation states and the DL_info.csv of one generated cohort, and a CSV export. */
class MineJobTest {

    private static final byte[] SECRET = "mine-test-secret-0123456789".getBytes(StandardCharsets.UTF_8);

    @TempDir
    static Path dir;

    private static SparkSession spark;
    private static CohortTruth truth;
    private static Lake dicomLake;
    private static Lake releaseLake;
    private static MineSummary fromDicom;
    private static MineSummary fromRelease;
    private static List<LesionTruth> bookmarked;

    @BeforeAll
    static void ingestAndMine() throws IOException {
        spark = SparkTestSession.get();
        truth = TestArchives.cohort(dir.resolve("archive"), 4, 41);
        bookmarked = truth.lesions().stream().filter(LesionTruth::bookmarked).toList();
        dicomLake = new Lake(spark, dir.resolve("lake-dicom").toUri().toString());
        releaseLake = new Lake(spark, dir.resolve("lake-release").toUri().toString());
        ingest(dir.resolve("archive/dicom"), dicomLake);
        ingest(dir.resolve("archive"), releaseLake);
        Path csv = writeMeasurementCsv();
        fromDicom = new MineJob(
                        spark,
                        new MineOptions(dicomLake.root(), null, csv.toUri().toString(), 7, 0.5, 0.25, null))
                .run();
        fromRelease = new MineJob(
                        spark,
                        new MineOptions(
                                releaseLake.root(),
                                dir.resolve("archive/DL_info.csv").toUri().toString(),
                                null,
                                7,
                                0.7,
                                0.15,
                                null))
                .run();
    }

    private static void ingest(Path input, Lake lake) {
        new IngestJob(
                        spark,
                        new IngestOptions(List.of(input.toUri().toString()), lake.root(), SECRET, false, 64L << 20, 8))
                .run();
    }

    /** Two good rows (by UID and by file) and one row for each way a measurement can be wrong. */
    private static Path writeMeasurementCsv() throws IOException {
        LesionTruth lesion = bookmarked.get(0);
        Row slice = dicomLake
                .read(LakeTable.SLICES)
                .orElseThrow()
                .filter(col("sop_instance_uid").equalTo(lesion.keySopInstanceUid()))
                .first();
        String uid = lesion.keySopInstanceUid();
        String file = slice.getAs("source");
        String csv = String.join(
                "\n",
                "sop_instance_uid,file,long_x1,long_y1,long_x2,long_y2,short_x1,short_y1,short_x2,short_y2,label",
                uid + ",,10,10,30,12,19,5,21,17,by uid",
                "," + file + ",12,20,32,22,,,,,one axis by file",
                "2.25.999,,10,10,30,12,,,,,unknown image",
                uid + ",,10,10,300,12,,,,,outside",
                uid + ",,10,10,10,10,,,,,zero length",
                uid + ",,ten,10,30,12,,,,,not a number");
        Path path = dir.resolve("measurements.csv");
        Files.writeString(path, csv + "\n");
        return path;
    }

    private static Dataset<Row> lesions(Lake lake) {
        return lake.read(LakeTable.LESIONS).orElseThrow();
    }

    private static void assertSameAxis(PixelPoint a1, PixelPoint a2, double[] b) {
        PixelPoint b1 = new PixelPoint(b[0], b[1]);
        PixelPoint b2 = new PixelPoint(b[2], b[3]);
        boolean same = a1.distanceTo(b1) < 0.01 && a2.distanceTo(b2) < 0.01;
        boolean swapped = a1.distanceTo(b2) < 0.01 && a2.distanceTo(b1) < 0.01;
        assertThat(same || swapped).as("axis %s-%s vs %s-%s", a1, a2, b1, b2).isTrue();
    }

    private static void assertMatchesTruth(Row row, LesionTruth lesion) {
        RecistMeasurement t = lesion.recist();
        assertSameAxis(t.longStart(), t.longEnd(), new double[] {
            row.getAs("long_x1"), row.getAs("long_y1"), row.getAs("long_x2"), row.getAs("long_y2")
        });
        assertSameAxis(t.shortStart(), t.shortEnd(), new double[] {
            row.getAs("short_x1"), row.getAs("short_y1"), row.getAs("short_x2"), row.getAs("short_y2")
        });
        BoundingBox box =
                new BoundingBox(row.getAs("box_x1"), row.getAs("box_y1"), row.getAs("box_x2"), row.getAs("box_y2"));
        assertThat(box.iou(lesion.deepLesionBox())).isGreaterThan(0.9);
        assertThat((double) row.getAs("long_diameter_mm")).isCloseTo(lesion.longDiameterMm(), within(0.02));
        assertThat((double) row.getAs("short_diameter_mm")).isCloseTo(lesion.shortDiameterMm(), within(0.02));
        assertThat((int) row.getAs("key_slice_index")).isEqualTo(lesion.keySlice());
    }

    /** The row whose long axis has an endpoint within 0.01 px of the lesion's long-axis start. */
    private static Row matching(List<Row> rows, LesionTruth lesion) {
        PixelPoint start = lesion.recist().longStart();
        return rows.stream()
                .filter(r -> start.distanceTo(new PixelPoint(r.getAs("long_x1"), r.getAs("long_y1"))) < 0.01
                        || start.distanceTo(new PixelPoint(r.getAs("long_x2"), r.getAs("long_y2"))) < 0.01)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no lesion row for " + lesion.lesionId() + " in " + rows));
    }

    @Test
    void everyBookmarkIsMinedFromItsPresentationState() {
        Dataset<Row> gsps = lesions(dicomLake).filter(col("source_kind").equalTo("gsps"));
        assertThat(gsps.count()).isEqualTo(bookmarked.size());
        for (LesionTruth lesion : bookmarked) {
            // Several lesions can share a key slice: take the row whose long axis starts at one of this lesion's.
            assertMatchesTruth(
                    matching(
                            gsps.filter(col("sop_instance_uid").equalTo(lesion.keySopInstanceUid()))
                                    .collectAsList(),
                            lesion),
                    lesion);
        }
    }

    @Test
    void theSameCohortInDeepLesionLayoutGivesTheSameLesionsThroughDlInfo() {
        Dataset<Row> rows = lesions(releaseLake);
        assertThat(rows.count()).isEqualTo(bookmarked.size());
        assertThat(fromRelease.bySource()).containsOnlyKeys("deeplesion_csv");
        for (LesionTruth lesion : bookmarked) {
            Row row = matching(rows.collectAsList(), lesion);
            assertMatchesTruth(row, lesion);
            assertThat((int) row.getAs("coarse_type"))
                    .isEqualTo(lesion.coarseType().code());
        }
    }

    @Test
    void noPatientIsInTwoSplits() {
        for (Lake lake : List.of(dicomLake, releaseLake)) {
            assertThat(lesions(lake)
                            .groupBy("patient_key")
                            .agg(org.apache
                                    .spark
                                    .sql
                                    .functions
                                    .countDistinct("split")
                                    .as("splits"))
                            .filter("splits > 1")
                            .count())
                    .isZero();
        }
        assertThat(fromDicom.bySplit().keySet()).isSubsetOf("train", "validation", "test");
    }

    @Test
    void aMeasurementCsvIsMinedAndItsBrokenRowsRejectedWithReasons() {
        Dataset<Row> csv = lesions(dicomLake).filter(col("source_kind").equalTo("measurements_csv"));
        assertThat(csv.select("label").collectAsList())
                .extracting(r -> r.getString(0))
                .containsExactlyInAnyOrder("by uid", "one axis by file");
        Row oneAxis = csv.filter(col("label").equalTo("one axis by file")).first();
        assertThat(oneAxis.isNullAt(oneAxis.fieldIndex("short_x1"))).isTrue();
        assertThat((double) oneAxis.getAs("long_diameter_px")).isCloseTo(Math.hypot(20, 2), within(1e-9));

        List<String> reasons = dicomLake
                .read(LakeTable.REJECTS)
                .orElseThrow()
                .filter(col("stage").equalTo("mine"))
                .select("reason")
                .collectAsList()
                .stream()
                .map(r -> r.getString(0))
                .toList();
        assertThat(reasons).hasSize(4);
        assertThat(reasons).anyMatch(r -> r.contains(":4") && r.contains("2.25.999") && r.contains("not in slices"));
        assertThat(reasons).anyMatch(r -> r.contains(":5") && r.contains("outside"));
        assertThat(reasons).anyMatch(r -> r.contains(":6") && r.contains("zero-length"));
        assertThat(reasons).anyMatch(r -> r.contains(":7") && r.contains("long_x1"));
        assertThat(fromDicom.rejects()).isEqualTo(4);
    }

    @Test
    void miningAgainGivesTheSameTable() throws IOException {
        // On a copy: the other tests read the lake as the first mine left it.
        TestArchives.copyTree(dir.resolve("lake-dicom"), dir.resolve("lake-again"));
        Lake again = new Lake(spark, dir.resolve("lake-again").toUri().toString());
        long before = lesions(again).count();

        MineSummary summary = new MineJob(spark, new MineOptions(again.root(), null, null, 7, 0.5, 0.25, null)).run();

        assertThat(summary.newLesions()).isZero();
        assertThat(lesions(again).count()).isEqualTo(before);
        assertThat(lesions(again).select("lesion_id").distinct().count()).isEqualTo(before);
    }

    @Test
    void theRunAndItsRejectsAreStampedByTheInjectedClock() throws IOException {
        TestArchives.copyTree(dir.resolve("lake-dicom"), dir.resolve("lake-clock"));
        Lake stamped = new Lake(spark, dir.resolve("lake-clock").toUri().toString());
        Path csv = Files.writeString(
                dir.resolve("late.csv"),
                "sop_instance_uid,file,long_x1,long_y1,long_x2,long_y2,"
                        + "short_x1,short_y1,short_x2,short_y2,label\n2.25.998,,10,10,30,12,,,,,late\n");
        Instant fixed = Instant.parse("2031-02-03T04:05:06Z");

        MineSummary summary = new MineJob(
                        spark,
                        new MineOptions(stamped.root(), null, csv.toUri().toString(), 7, 0.5, 0.25, null),
                        JobContext.system().withClock(Clock.fixed(fixed, ZoneOffset.UTC)))
                .run();

        Row run = stamped.read(LakeTable.RUNS)
                .orElseThrow()
                .filter(col("run_id").equalTo(summary.runId()))
                .first();
        assertThat(run.<Timestamp>getAs("started_at").toInstant()).isEqualTo(fixed);
        assertThat(run.<Timestamp>getAs("finished_at").toInstant()).isEqualTo(fixed);
        List<Row> rejects = stamped.read(LakeTable.REJECTS)
                .orElseThrow()
                .filter(col("run_id").equalTo(summary.runId()))
                .collectAsList();
        assertThat(rejects).hasSize(1);
        assertThat(rejects.get(0).<Timestamp>getAs("rejected_at").toInstant()).isEqualTo(fixed);
    }
}
