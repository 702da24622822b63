package org.deeplesion.jobs.refresh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.deeplesion.jobs.ChildDriver;
import org.deeplesion.jobs.DeltaFiles;
import org.deeplesion.jobs.SparkTestSession;
import org.deeplesion.jobs.TestArchives;
import org.deeplesion.jobs.cli.DeepLesionCli;
import org.deeplesion.jobs.ingest.IngestOptions;
import org.deeplesion.jobs.lake.Lake;
import org.deeplesion.jobs.lake.LakeLock;
import org.deeplesion.jobs.lake.LakeTable;
import org.deeplesion.jobs.mine.MineOptions;
import org.deeplesion.synth.CohortTruth;
import org.deeplesion.synth.LesionTruth;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Refreshes on real Spark over an archive that grows by a batch (with broken files, so that every table is
 * written): the second refresh reads only the new batch, a third with nothing new commits nothing, a refresh killed
 * mid-ingest, then one killed mid-mine, then one run to the end leave the same tables as the uninterrupted one, and
 * a refresh refuses to start while another holds the lake's lock.
 */
class RefreshJobTest {

    /** The CLI's --demo-key, which the child drivers use: the lakes must be keyed alike to compare. */
    private static final byte[] DEMO_KEY =
            "deeplesion-demo-key: synthetic data only, never real patients".getBytes(StandardCharsets.UTF_8);

    private static final List<LakeTable> DATA =
            List.of(LakeTable.SLICES, LakeTable.OBJECTS, LakeTable.REJECTS, LakeTable.LESIONS);

    @TempDir
    static Path dir;

    private static SparkSession spark;
    private static Path archive;
    private static Lake reference;
    private static long bookmarkedInA;
    private static long bookmarkedInB;
    private static long slicesInB;
    private static long brokenInB;
    /** The refresh of the reference lake after the second batch arrived. */
    private static RefreshSummary second;

    @BeforeAll
    static void firstRefreshOfTheFirstBatch() throws IOException {
        spark = SparkTestSession.get();
        archive = dir.resolve("archive");
        bookmarkedInA = bookmarked(TestArchives.cohort(dir.resolve("a"), 3, 51));
        bookmarkedInB = bookmarked(TestArchives.cohort(dir.resolve("b"), 2, 52));
        slicesInB = TestArchives.ctSlices(dir.resolve("b/dicom")).size();
        TestArchives.copyTree(dir.resolve("a/dicom"), archive.resolve("batch-a"));
        reference = lake("reference");
        RefreshSummary first = refresh(reference);
        assertThat(first.counts("mine").get("new_lesions")).isEqualTo(bookmarkedInA);
        TestArchives.copyTree(dir.resolve("reference"), dir.resolve("crashed"));
        TestArchives.copyTree(dir.resolve("b/dicom"), archive.resolve("batch-b"));
        brokenInB = TestArchives.brokenCorpus(
                        TestArchives.ctSlices(dir.resolve("b/dicom")).get(0),
                        archive.resolve("batch-b").resolve(TestArchives.BROKEN))
                .size();
        second = refresh(reference);
    }

    @Test
    void aRefreshReadsOnlyWhatIsNewSinceTheLast() {
        assertThat(second.counts("ingest").get("slices")).isEqualTo(slicesInB);
        assertThat(second.counts("ingest").get("already_ingested")).isPositive();
        assertThat(second.counts("ingest").get("rejects")).isEqualTo(brokenInB);
        assertThat(second.counts("mine").get("presentation_states")).isEqualTo(bookmarkedInB);
        assertThat(second.counts("mine").get("new_lesions")).isEqualTo(bookmarkedInB);
        assertThat(reference.read(LakeTable.LESIONS).orElseThrow().count()).isEqualTo(bookmarkedInA + bookmarkedInB);
        Row run = reference
                .read(LakeTable.RUNS)
                .orElseThrow()
                .filter("job = 'refresh'")
                .filter("run_id = '" + second.runId() + "'")
                .first();
        assertThat(run.<String>getAs("status")).isEqualTo("succeeded");
        Map<String, Long> counts = run.getJavaMap(run.fieldIndex("counts"));
        assertThat(counts)
                .containsEntry("mine.new_lesions", bookmarkedInB)
                .containsEntry("ingest.slices", slicesInB)
                .containsEntry("watermark.mine.slices", reference.version(LakeTable.SLICES));
    }

    @Test
    void aRefreshWithNothingNewCommitsNothingToTheDataTables() throws IOException {
        // On a copy: the reference stays as the two batches' refreshes left it, for the crash test to compare with.
        TestArchives.copyTree(dir.resolve("reference"), dir.resolve("nothing-new"));
        Lake again = lake("nothing-new");
        Map<LakeTable, Long> before = versions(again);
        long started = System.nanoTime();

        RefreshSummary third = refresh(again);

        System.out.printf("refresh with nothing new: %.1f s%n", (System.nanoTime() - started) / 1e9);
        assertThat(versions(again)).isEqualTo(before);
        assertThat(third.counts("ingest").get("slices")).isZero();
        // Files ingest skips (notes.txt, DICOMDIR) are recorded nowhere, so only their headers are read again.
        assertThat(third.counts("ingest").get("already_ingested")
                        + third.counts("ingest").get("skipped"))
                .isEqualTo(third.counts("ingest").get("files_listed"));
        assertThat(third.counts("ingest").get("skipped")).isEqualTo(2);
        assertThat(third.counts("ingest").get("objects")
                        + third.counts("ingest").get("rejects"))
                .isZero();
        assertThat(third.counts("mine").get("presentation_states")).isZero();
    }

    @Test
    void aRefreshKilledMidIngestThenOneKilledMidMineThenRunAgainEndsAsTheUninterruptedOne() throws Exception {
        Lake crashed = lake("crashed");
        Path slices = dir.resolve("crashed/slices");
        Process first = ChildDriver.start(dir.resolve("crashed-ingest.log"), childArgs(crashed));
        assertThat(ChildDriver.killWhen(first, () -> DeltaFiles.hasUncommittedDataFiles(slices)))
                .as("the first driver was killed while ingest wrote slice files (see crashed-ingest.log)")
                .isTrue();

        long runsBefore = crashed.version(LakeTable.RUNS);
        long lesionsBefore = crashed.version(LakeTable.LESIONS);
        long slicesBefore = crashed.version(LakeTable.SLICES);
        Path runsLog = dir.resolve("crashed/runs/_delta_log");
        Process second = ChildDriver.start(dir.resolve("crashed-mine.log"), childArgs(crashed));
        // Ingest records its run as its last commit: from then on the driver is in the mine stage.
        assertThat(ChildDriver.killWhen(second, () -> Files.exists(runsLog.resolve(commit(runsBefore + 1)))))
                .as("the second driver was killed after its ingest finished (see crashed-mine.log)")
                .isTrue();
        assertThat(crashed.version(LakeTable.SLICES))
                .as("the second ingest completed the batch")
                .isGreaterThan(slicesBefore);
        assertThat(crashed.version(LakeTable.LESIONS))
                .as("killed before mine committed lesions")
                .isEqualTo(lesionsBefore);

        refresh(crashed);

        assertSameTables(crashed, reference);
        assertThat(lockFiles(crashed))
                .as("the dead drivers' locks were taken over, and the rerun released its own")
                .filteredOn(n -> n.startsWith("refresh.broken-"))
                .hasSize(2);
        assertThat(lockFiles(crashed)).doesNotContain("refresh");
    }

    @Test
    void aRefreshStartedWhileAnotherHoldsTheLockRefusesAndWritesNothing() {
        Map<LakeTable, Long> before = versions(reference);
        long runsBefore = reference.version(LakeTable.RUNS);
        try (LakeLock other = LakeLock.acquire(
                spark.sparkContext().hadoopConfiguration(),
                reference.root(),
                "refresh",
                LakeLock.Holder.current("the-running-refresh"),
                Duration.ofHours(24),
                false)) {
            assertThatThrownBy(() -> refresh(reference))
                    .isInstanceOf(LakeLock.HeldException.class)
                    .hasMessageContaining(other.holder().toString())
                    .hasMessageContaining("another refresh is running");

            ByteArrayOutputStream err = new ByteArrayOutputStream();
            PrintStream stderr = System.err;
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code;
            try {
                code = DeepLesionCli.run(childArgs(reference));
            } finally {
                System.setErr(stderr);
            }
            assertThat(code).isEqualTo(3);
            assertThat(err.toString(StandardCharsets.UTF_8))
                    .startsWith("refresh: lake " + reference.root())
                    .contains("the-running-refresh");
        }
        assertThat(versions(reference)).isEqualTo(before);
        assertThat(reference.version(LakeTable.RUNS)).isEqualTo(runsBefore);
    }

    private static RefreshSummary refresh(Lake lake) {
        IngestOptions ingest =
                new IngestOptions(List.of(archive.toUri().toString()), lake.root(), DEMO_KEY, false, 64L << 20, 4);
        MineOptions mine = new MineOptions(lake.root(), null, null, 1, 0.7, 0.15, DEMO_KEY);
        return new RefreshJob(spark, new RefreshOptions(ingest, mine, null, Duration.ofHours(24), false)).run();
    }

    private static String[] childArgs(Lake lake) {
        return new String[] {
            "refresh",
            "--input",
            archive.toUri().toString(),
            "--lake",
            lake.root(),
            "--demo-key",
            "--files-per-task",
            "1",
            "--no-categorize"
        };
    }

    private static Lake lake(String name) {
        return new Lake(spark, "file:" + dir.resolve(name));
    }

    private static Map<LakeTable, Long> versions(Lake lake) {
        Map<LakeTable, Long> out = new EnumMap<>(LakeTable.class);
        DATA.forEach(t -> out.put(t, lake.version(t)));
        return out;
    }

    /** Same rows, duplicates counted, in every data table; only the run ids and times of writing may differ. */
    private static void assertSameTables(Lake actual, Lake expected) {
        for (LakeTable t : DATA) {
            Dataset<Row> a = comparable(actual.read(t).orElseThrow());
            Dataset<Row> e = comparable(expected.read(t).orElseThrow());
            assertThat(a.count()).as(t + " rows").isEqualTo(e.count()).isPositive();
            assertThat(a.exceptAll(e).count())
                    .as(t + " rows not in the uninterrupted lake")
                    .isZero();
            assertThat(e.exceptAll(a).count()).as(t + " rows missing").isZero();
        }
    }

    private static Dataset<Row> comparable(Dataset<Row> table) {
        return table.drop("run_id", "rejected_at");
    }

    private static long bookmarked(CohortTruth truth) {
        return truth.lesions().stream().filter(LesionTruth::bookmarked).count();
    }

    private static String commit(long version) {
        return String.format("%020d.json", version);
    }

    private static List<String> lockFiles(Lake lake) throws IOException {
        try (Stream<Path> s = Files.list(Path.of(lake.root().replace("file:", ""), "_locks"))) {
            return s.map(p -> p.getFileName().toString()).toList();
        }
    }
}
