package org.deeplesion.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.deeplesion.jobs.ChildDriver;
import org.deeplesion.jobs.SparkTestSession;
import org.deeplesion.jobs.lake.Lake;
import org.deeplesion.jobs.lake.LakeTable;
import org.deeplesion.synth.CohortTruth;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The deeplesion command line, run in-process against a real local Spark session; where the console and exit code
 * a user sees matter, in a JVM of its own.
 */
class CliTest {

    @TempDir
    static Path dir;

    private static String lake;

    /** Exit code and what the command printed. */
    record Run(int exitCode, String out, String err) {}

    private static Run cli(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
        try {
            // Spark prints tables through Scala's Console, which keeps the System.out of its first use.
            int code = scala.Console.withOut(System.out, () -> DeepLesionCli.run(args));
            return new Run(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    @BeforeAll
    static void synthAndIngest() {
        SparkTestSession.get();
        lake = dir.resolve("lake").toUri().toString();
        Run synth = cli(
                "synth",
                "--patients",
                "1",
                "--seed",
                "5",
                "--size",
                "64",
                "--slices",
                "4..5",
                "--out",
                dir.resolve("archive").toString());
        assertThat(synth.exitCode()).as(synth.err()).isZero();
        Run ingest =
                cli("ingest", "--input", dir.resolve("archive/dicom").toUri().toString(), "--lake", lake, "--demo-key");
        assertThat(ingest.exitCode()).as(ingest.err()).isZero();
        assertThat(ingest.out()).startsWith("ingest: ").contains("slices/s");
    }

    @Test
    void synthWritesACohortAndSaysWhatItWrote() throws Exception {
        CohortTruth truth = CohortTruth.read(dir.resolve("archive").resolve(CohortTruth.FILE_NAME));
        assertThat(truth.patients()).hasSize(1);
        assertThat(Files.isDirectory(dir.resolve("archive/dicom"))).isTrue();
    }

    @Test
    void sqlSeesEveryTableAsAView() {
        Run run = cli(
                "sql",
                "--lake",
                lake,
                "--format",
                "csv",
                "select (select count(*) from slices) as slices, (select count(*) from objects) as objects, "
                        + "(select count(*) from runs) as runs");

        assertThat(run.exitCode()).as(run.err()).isZero();
        String[] lines = run.out().strip().split("\n");
        assertThat(lines[0]).isEqualTo("slices,objects,runs");
        String[] values = lines[1].split(",");
        assertThat(Long.parseLong(values[0])).isBetween(4L, 15L);
        assertThat(Long.parseLong(values[2])).isEqualTo(1);
    }

    @Test
    void sqlPrintsPixelColumnsAsTheirSize() {
        Run run = cli("sql", "--lake", lake, "select hu from slices limit 1");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("<8192 bytes>");
    }

    @Test
    void ingestWithoutASecretRefusesBeforeDoingAnything() {
        Run run = cli(
                "ingest",
                "--input",
                dir.resolve("archive/dicom").toUri().toString(),
                "--lake",
                dir.resolve("other-lake").toUri().toString());

        assertThat(run.exitCode()).isNotZero();
        assertThat(run.err()).contains("DEEPLESION_SECRET").contains("spark.deeplesion.secret");
        assertThat(Files.exists(dir.resolve("other-lake"))).isFalse();
    }

    @Test
    void aShortSecretIsOneLineNamingItBeforeAnyWork() throws Exception {
        Path lakeDir = dir.resolve("short-secret-lake");
        Path log = dir.resolve("short-secret.log");
        Process driver = ChildDriver.start(
                log,
                List.of(),
                Map.of(PseudonymSecret.ENV, "too-short"),
                "ingest",
                "--input",
                dir.resolve("archive/dicom").toUri().toString(),
                "--lake",
                lakeDir.toUri().toString());

        assertThat(driver.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(driver.exitValue()).isEqualTo(2);
        // The whole console: the line is all there is, because the check comes before Spark starts.
        assertThat(Files.readString(log))
                .isEqualTo("deeplesion ingest: the pseudonymisation secret in the "
                        + "environment variable DEEPLESION_SECRET is 9 bytes; it must be at least 16\n");
        assertThat(Files.exists(lakeDir)).isFalse();
    }

    @Test
    void verboseAddsTheStackTraceToTheLine() throws Exception {
        Path log = dir.resolve("verbose.log");
        Process driver = ChildDriver.start(
                log,
                List.of(),
                Map.of(PseudonymSecret.ENV, "too-short"),
                "ingest",
                "--input",
                dir.resolve("archive/dicom").toUri().toString(),
                "--lake",
                dir.resolve("verbose-lake").toUri().toString(),
                "--verbose");

        assertThat(driver.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(driver.exitValue()).isEqualTo(2);
        List<String> lines = Files.readAllLines(log);
        assertThat(lines.get(0))
                .startsWith("deeplesion ingest: the pseudonymisation secret in the environment "
                        + "variable DEEPLESION_SECRET is 9 bytes");
        assertThat(lines)
                .contains("java.lang.IllegalArgumentException: "
                        + lines.get(0).substring("deeplesion ingest: ".length()));
        assertThat(lines).anyMatch(l -> l.startsWith("\tat org.deeplesion.jobs.cli.PseudonymSecret."));
    }

    /** Every command that writes a lake, with what it needs besides --lake. */
    static Stream<List<String>> lakeWriters() {
        String missing = dir.resolve("no-such-archive").toUri().toString();
        return Stream.of(
                List.of("ingest", "--input", missing, "--demo-key"),
                List.of("refresh", "--input", missing, "--demo-key"),
                List.of("mine"),
                List.of("categorize"),
                List.of("train"),
                List.of("detect", "--model", "m"),
                List.of("evaluate", "--model", "m"));
    }

    @ParameterizedTest
    @MethodSource("lakeWriters")
    void aLakeThatIsAFileIsRefusedBeforeTheInputIsRead(List<String> command) throws Exception {
        Path file = Files.writeString(dir.resolve("lake-is-a-file-" + command.get(0)), "not a lake");
        String uri = file.toUri().toString();
        String[] args =
                Stream.concat(command.stream(), Stream.of("--lake", uri)).toArray(String[]::new);

        Run run = cli(args);

        assertThat(run.exitCode()).isEqualTo(2);
        // The input does not exist either: naming the lake shows that nothing looked at the input first.
        assertThat(run.err())
                .isEqualTo("deeplesion " + command.get(0) + ": --lake " + uri + " is a file, not a lake directory\n");
        assertThat(Files.readString(file)).isEqualTo("not a lake");
    }

    @Test
    void aLakeDirectoryNobodyMayWriteInIsRefusedBeforeAnyWork() {
        // Files in sysfs cannot be created, not even by root (tests may run as root, where chmod proves nothing).
        assumeTrue(Files.isDirectory(Path.of("/sys/kernel")), "needs Linux's /sys");

        Run run = cli("mine", "--lake", "file:/sys/kernel");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err())
                .startsWith("deeplesion mine: --lake file:/sys/kernel is not writable: ")
                .endsWith("\n")
                .hasLineCount(1);
    }

    @Test
    void aSqlSyntaxErrorIsOneLine() {
        Run run = cli("sql", "--lake", lake, "selec * from slices");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err())
                .startsWith("deeplesion sql: the query: [PARSE_SYNTAX_ERROR] Syntax error at or near " + "'selec'")
                .endsWith("\n")
                .hasLineCount(1);
    }

    @Test
    void anUnknownTableIsOneLineListingTheLakesTables() {
        Run run = cli("sql", "--lake", lake, "select * from slicez");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err())
                .isEqualTo("deeplesion sql: lake " + lake + " has no table slicez; its tables are "
                        + "slices, objects, runs\n");
    }

    @Test
    void aLakeTableNotWrittenYetNamesTheCommandThatWritesIt() {
        Run run = cli("sql", "--lake", lake, "select count(*) from lesions");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err())
                .isEqualTo(
                        "deeplesion sql: lake " + lake + " has no lesions table yet; deeplesion " + "mine writes it\n");
    }

    @Test
    void mineThatFindsNoLesionsLeavesAnEmptyTableSoTrainSaysSo() {
        SparkSession spark = SparkTestSession.get();
        String empty = dir.resolve("no-lesions-lake").toUri().toString();
        Lake emptyLake = new Lake(spark, empty);
        emptyLake.append(LakeTable.SLICES, spark.createDataFrame(List.<Row>of(), LakeTable.SLICES.schema()));

        Run mine = cli("mine", "--lake", empty);
        Run train = cli("train", "--lake", empty, "--classes", "single");

        assertThat(mine.exitCode()).as(mine.err()).isZero();
        assertThat(emptyLake.read(LakeTable.LESIONS))
                .hasValueSatisfying(l -> assertThat(l.count()).isZero());
        assertThat(train.exitCode()).isEqualTo(2);
        assertThat(train.err())
                .isEqualTo("deeplesion train: " + emptyLake.path(LakeTable.LESIONS) + ": no lesions "
                        + "to train on; mine found none (the rejects table says why measurements were refused)\n");
    }

    @Test
    void trainingOnTrueTypesWithoutTheTruthIsOneLineBeforeAnyWork() {
        Run train = cli("train", "--lake", lake, "--classes", "truth");

        assertThat(train.exitCode()).isEqualTo(2);
        assertThat(train.err()).isEqualTo("deeplesion train: --classes truth needs --truth, the cohort's truth.json\n");
    }

    @Test
    void aProposalGridOtherThanFourOrEightIsOneLineBeforeAnyWork() {
        Run train = cli("train", "--lake", lake, "--classes", "single", "--stride", "16");

        assertThat(train.exitCode()).isEqualTo(2);
        assertThat(train.err()).isEqualTo("deeplesion train: --stride must be 4 or 8 detector pixels, was 16\n");
    }

    @Test
    void resumingASelfTrainingRunIsRefusedWithTheWayOut() {
        Run train = cli("train", "--lake", lake, "--classes", "single", "--resume", "--self-training", "1");

        assertThat(train.exitCode()).isEqualTo(2);
        assertThat(train.err())
                .startsWith("deeplesion train: --resume continues one training run; it cannot be combined with "
                        + "--self-training");
    }

    @Test
    void anExperimentArmNobodyKnowsIsOneLineListingTheArms() {
        Run experiment = cli("experiment", "--lake", lake, "--truth", "t.json", "--arms", "single,clever");

        assertThat(experiment.exitCode()).isEqualTo(2);
        assertThat(experiment.err())
                .isEqualTo("deeplesion experiment: --arms: no arm 'clever'; the arms are single, pseudo, pseudo-k, "
                        + "pseudo-aware, truth\n");
    }
}
