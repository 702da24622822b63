package org.deeplesion.jobs.lake;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.deeplesion.jobs.ChildDriver;
import org.deeplesion.jobs.SparkTestSession;
import org.deeplesion.jobs.TestArchives;
import org.deeplesion.jobs.ingest.IngestJob;
import org.deeplesion.jobs.ingest.IngestOptions;
import org.deeplesion.jobs.mine.MineJob;
import org.deeplesion.jobs.mine.MineOptions;
import org.deeplesion.synth.CohortTruth;
import org.deeplesion.synth.LesionTruth;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs started together on one lake, each in a driver JVM of its own: every table ends with one row per key, and every
 * run either commits or fails saying why. The ingests meet at a barrier just before their slices commit, so that
 * both have decoded the instances they share before either commits.
 */
class ConcurrentRunsTest {

    private static final String SECRET = "concurrent-runs-test-secret-0123456789";
    private static final Pattern INGESTED = Pattern.compile("^ingest: (\\d+) slices", Pattern.MULTILINE);

    @TempDir
    Path dir;

    private final SparkSession spark = SparkTestSession.get();

    static Stream<Arguments> overlaps() {
        return Stream.of(
                Arguments.of("the same archive", List.of(1, 2, 3, 4), List.of(1, 2, 3, 4)),
                Arguments.of("halves that share a patient", List.of(1, 2), List.of(2, 3, 4)),
                Arguments.of("one inside the other", List.of(2), List.of(1, 2, 3, 4)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlaps")
    void twoIngestsStartedTogetherLeaveOneRowPerInstanceAndTheirSummariesAddUp(
            String overlap, List<Integer> first, List<Integer> second) throws Exception {
        List<Path> patients = cohort(5, 61);
        Lake lake = new Lake(spark, dir.resolve("lake").toUri().toString());
        long before = ingestInProcess(lake, patients.get(0));

        Process a = ingest(lake, "a", select(patients, first), true);
        Process b = ingest(lake, "b", select(patients, second), true);

        assertSucceeded(a, "a");
        assertSucceeded(b, "b");
        List<Path> all = new ArrayList<>(patients.subList(0, 1));
        all.addAll(select(patients, first));
        all.addAll(select(patients, second));
        long expected = TestArchives.ctSlices(dir.resolve("cohort/dicom")).stream()
                .filter(p -> all.stream().anyMatch(p::startsWith))
                .count();
        assertOneRowPerKey(lake);
        assertThat(lake.read(LakeTable.SLICES).orElseThrow().count()).isEqualTo(expected);
        assertThat(ingested("a") + ingested("b"))
                .as("slices the two runs say they committed")
                .isEqualTo(expected - before);
        assertThat(lake.read(LakeTable.RUNS)
                        .orElseThrow()
                        .filter("job = 'ingest' AND status = 'succeeded'")
                        .count())
                .isEqualTo(3);
    }

    @Test
    void anIngestAndAMineStartedTogetherLeaveOneRowPerKeyAndAMineAfterThemFindsEveryLesion() throws Exception {
        List<Path> patients = cohort(4, 62);
        Lake lake = new Lake(spark, dir.resolve("lake").toUri().toString());
        ingestInProcess(lake, patients.get(0));

        Process ingest = ingest(lake, "ingest", patients.subList(1, patients.size()), false);
        Process mine = start(lake, "mine", List.of(), "mine", "--lake", lake.root());

        assertSucceeded(ingest, "ingest");
        assertSucceeded(mine, "mine");
        new MineJob(spark, new MineOptions(lake.root(), null, null, 1, 0.7, 0.15, null)).run();
        assertOneRowPerKey(lake);
        assertThat(lake.read(LakeTable.LESIONS).orElseThrow().count()).isEqualTo(bookmarked());
    }

    @Test
    void ofTwoRefreshesStartedTogetherOneRunsAndTheOtherSaysTheLakeIsLockedHavingWrittenNothing() throws Exception {
        List<Path> patients = cohort(3, 63);
        Lake lake = new Lake(spark, dir.resolve("lake").toUri().toString());
        List<String> args = new ArrayList<>(List.of("refresh", "--lake", lake.root(), "--no-categorize"));
        patients.forEach(p -> args.addAll(List.of("--input", p.toUri().toString())));

        Process a = start(lake, "refresh-a", List.of(), args.toArray(String[]::new));
        Process b = start(lake, "refresh-b", List.of(), args.toArray(String[]::new));

        int codeA = exitCode(a);
        int codeB = exitCode(b);
        assertThat(List.of(codeA, codeB))
                .as("exit codes (see refresh-a.log, refresh-b.log)")
                .contains(0)
                .allMatch(c -> c == 0 || c == 3);
        for (String name : List.of("refresh-a", "refresh-b")) {
            if ((name.equals("refresh-a") ? codeA : codeB) == 3) {
                assertThat(Files.readString(dir.resolve(name + ".log")))
                        .containsPattern("(?m)^refresh: lake .* is locked .* another refresh is running");
            }
        }
        assertOneRowPerKey(lake);
        long refreshes = codeA == 0 && codeB == 0 ? 2 : 1;
        assertThat(lake.read(LakeTable.RUNS)
                        .orElseThrow()
                        .filter("job = 'refresh'")
                        .count())
                .isEqualTo(refreshes);
        assertThat(lake.read(LakeTable.SLICES).orElseThrow().count())
                .isEqualTo(TestArchives.ctSlices(dir.resolve("cohort/dicom")).size());
        assertThat(lake.read(LakeTable.LESIONS).orElseThrow().count()).isEqualTo(bookmarked());
    }

    private List<Path> cohort(int patients, long seed) throws IOException {
        TestArchives.cohort(dir.resolve("cohort"), patients, seed);
        try (Stream<Path> s = Files.list(dir.resolve("cohort/dicom"))) {
            return s.sorted().toList();
        }
    }

    private long bookmarked() throws IOException {
        return CohortTruth.read(dir.resolve("cohort").resolve(CohortTruth.FILE_NAME)).lesions().stream()
                .filter(LesionTruth::bookmarked)
                .count();
    }

    private static List<Path> select(List<Path> patients, List<Integer> indexes) {
        return indexes.stream().map(patients::get).toList();
    }

    private long ingestInProcess(Lake lake, Path patient) {
        return new IngestJob(
                        spark,
                        new IngestOptions(
                                List.of(patient.toUri().toString()),
                                lake.root(),
                                SECRET.getBytes(StandardCharsets.UTF_8),
                                false,
                                64L << 20,
                                4))
                .run()
                .slices();
    }

    /** An ingest in a driver of its own; with a barrier, it waits for another one before its slices commit. */
    private Process ingest(Lake lake, String name, List<Path> inputs, boolean barrier) throws IOException {
        List<String> args = new ArrayList<>(List.of("ingest", "--lake", lake.root(), "--files-per-task", "4"));
        inputs.forEach(p -> args.addAll(List.of("--input", p.toUri().toString())));
        List<String> options = barrier
                ? List.of(
                        "-D" + RetryingAppend.BARRIER + "=" + dir.resolve("barrier"),
                        "-D" + RetryingAppend.BARRIER_TABLE + "=" + LakeTable.SLICES.tableName(),
                        "-D" + RetryingAppend.BARRIER_PARTIES + "=2")
                : List.of();
        return start(lake, name, options, args.toArray(String[]::new));
    }

    private Process start(Lake lake, String name, List<String> jvmOptions, String... args) throws IOException {
        return ChildDriver.start(dir.resolve(name + ".log"), jvmOptions, Map.of("DEEPLESION_SECRET", SECRET), args);
    }

    private void assertSucceeded(Process driver, String name) throws Exception {
        assertThat(exitCode(driver))
                .as("exit code of %s (see %s.log)", name, name)
                .isZero();
    }

    private static int exitCode(Process driver) throws InterruptedException {
        if (!driver.waitFor(10, TimeUnit.MINUTES)) {
            driver.destroyForcibly().waitFor();
        }
        return driver.exitValue();
    }

    private long ingested(String name) throws IOException {
        Matcher m = INGESTED.matcher(Files.readString(dir.resolve(name + ".log")));
        assertThat(m.find()).as("%s.log has the ingest summary", name).isTrue();
        return Long.parseLong(m.group(1));
    }

    private static void assertOneRowPerKey(Lake lake) {
        for (LakeTable t : LakeTable.values()) {
            if (lake.exists(t)) {
                Dataset<Row> rows = lake.read(t).orElseThrow();
                assertThat(rows.select(t.keyColumns().stream().map(Column::new).toArray(Column[]::new))
                                .distinct()
                                .count())
                        .as("distinct keys of %s", t.tableName())
                        .isEqualTo(rows.count());
            }
        }
    }
}
