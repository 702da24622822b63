package org.deeplesion.jobs.lake;

import static org.apache.spark.sql.functions.lit;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.deeplesion.jobs.ChildDriver;
import org.deeplesion.jobs.DeltaFiles;
import org.deeplesion.jobs.SparkTestSession;
import org.deeplesion.jobs.TestArchives;
import org.deeplesion.jobs.cli.DeepLesionCli;
import org.deeplesion.jobs.ingest.IngestJob;
import org.deeplesion.jobs.ingest.IngestOptions;
import org.deeplesion.jobs.mine.MineJob;
import org.deeplesion.jobs.mine.MineOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code repair} removes exactly the rows that repeat a key; {@code vacuum} frees what a killed run left. */
class LakeMaintenanceTest {

    private static final String SECRET = "lake-maintenance-test-secret-0123456789";

    @TempDir
    Path dir;

    private final SparkSession spark = SparkTestSession.get();

    @Test
    void repairRemovesTheRowsThatRepeatAKeyKeepingTheEarliestRunsAndLeavesAHealthyLakeAsItIs() throws IOException {
        Lake lake = ingestedAndMined(2, 71);
        Map<LakeTable, Set<String>> original = Map.of(
                LakeTable.SLICES, rows(lake, LakeTable.SLICES), LakeTable.LESIONS, rows(lake, LakeTable.LESIONS));
        // Spark's blind append, as ingest and mine committed before their commits read the table.
        blindAppend(
                lake,
                LakeTable.SLICES,
                lake.read(LakeTable.SLICES).orElseThrow().limit(7));
        blindAppend(
                lake,
                LakeTable.LESIONS,
                lake.read(LakeTable.LESIONS).orElseThrow().limit(2));
        blindAppend(
                lake,
                LakeTable.LESIONS,
                lake.read(LakeTable.LESIONS).orElseThrow().limit(1));

        String output = cli("repair", "--lake", lake.root());

        assertThat(output)
                .contains("repair: slices: removed 7 rows repeating 7 keys")
                .contains("repair: lesions: removed 3 rows repeating 2 keys");
        original.forEach((table, rows) ->
                assertThat(rows(lake, table)).as(table.tableName()).isEqualTo(rows));
        Map<LakeTable, Long> versions = versions(lake);
        assertThat(cli("repair", "--lake", lake.root())).contains("repair: no repeated keys in");
        assertThat(versions(lake)).isEqualTo(versions);
    }

    @Test
    void vacuumAfterAKilledIngestFreesItsFilesAndLeavesEveryTableWithTheSameRows() throws Exception {
        Lake lake = ingestedAndMined(1, 72);
        TestArchives.cohort(dir.resolve("more"), 3, 73);
        Path slices = dir.resolve("lake/slices");
        Process driver = ChildDriver.start(
                dir.resolve("killed-ingest.log"),
                List.of(),
                Map.of("DEEPLESION_SECRET", SECRET),
                "ingest",
                "--input",
                dir.resolve("more/dicom").toUri().toString(),
                "--lake",
                lake.root(),
                "--files-per-task",
                "1");
        assertThat(ChildDriver.killWhen(driver, () -> DeltaFiles.hasUncommittedDataFiles(slices)))
                .as("the ingest was killed while it wrote slice files (see killed-ingest.log)")
                .isTrue();
        Set<Path> left = uncommitted(lake, LakeTable.SLICES);
        assertThat(left).isNotEmpty();
        Map<LakeTable, Long> counts = counts(lake);

        String output = cli("vacuum", "--lake", lake.root(), "--retain-hours", "0");

        assertThat(left).allMatch(p -> !Files.exists(p));
        assertThat(uncommitted(lake, LakeTable.SLICES)).isEmpty();
        assertThat(output).containsPattern("(?m)^vacuum: slices: [1-9]\\d* files, \\d+\\.\\d MB freed$");
        assertThat(counts(lake)).isEqualTo(counts);
        assertThat(Files.isDirectory(slices)).isTrue();
    }

    private Lake ingestedAndMined(int patients, long seed) throws IOException {
        TestArchives.cohort(dir.resolve("cohort"), patients, seed);
        Lake lake = new Lake(spark, dir.resolve("lake").toUri().toString());
        new IngestJob(
                        spark,
                        new IngestOptions(
                                List.of(dir.resolve("cohort/dicom").toUri().toString()),
                                lake.root(),
                                SECRET.getBytes(StandardCharsets.UTF_8),
                                false,
                                64L << 20,
                                4))
                .run();
        new MineJob(spark, new MineOptions(lake.root(), null, null, 1, 0.7, 0.15, null)).run();
        return lake;
    }

    private static void blindAppend(Lake lake, LakeTable table, Dataset<Row> rows) {
        lake.append(table, rows.withColumn("run_id", lit("a-run-that-did-not-read-the-table")));
    }

    /** Each row's key and run, which tell the kept row from the repeats. */
    private static Set<String> rows(Lake lake, LakeTable table) {
        Set<String> out = new HashSet<>();
        String key = table.keyColumns().stream()
                .map(k -> "CAST(" + k + " AS STRING)")
                .collect(Collectors.joining(", ", "concat_ws('/', ", ")"));
        for (Row r : lake.read(table)
                .orElseThrow()
                .selectExpr(key + " || ' ' || run_id")
                .collectAsList()) {
            assertThat(out.add(r.getString(0)))
                    .as("%s repeats %s", table.tableName(), r.getString(0))
                    .isTrue();
        }
        return out;
    }

    private static Map<LakeTable, Long> versions(Lake lake) {
        Map<LakeTable, Long> out = new EnumMap<>(LakeTable.class);
        for (LakeTable t : LakeTable.values()) {
            out.put(t, lake.version(t));
        }
        return out;
    }

    private static Map<LakeTable, Long> counts(Lake lake) {
        Map<LakeTable, Long> out = new EnumMap<>(LakeTable.class);
        for (LakeTable t : LakeTable.values()) {
            out.put(t, lake.read(t).map(Dataset::count).orElse(-1L));
        }
        return out;
    }

    /** Parquet files in a table's folder that its current version does not refer to. */
    private static Set<Path> uncommitted(Lake lake, LakeTable table) {
        Path folder = Path.of(URI.create(lake.path(table)));
        if (!Files.isDirectory(folder)) {
            return Set.of();
        }
        Set<Path> committed = new HashSet<>();
        lake.read(table).ifPresent(rows -> {
            for (String f : rows.inputFiles()) {
                committed.add(Path.of(URI.create(f)));
            }
        });
        Set<Path> out = parquetFiles(folder);
        out.removeAll(committed);
        return out;
    }

    private static Set<Path> parquetFiles(Path table) {
        try (Stream<Path> s = Files.walk(table)) {
            return new HashSet<>(s.filter(p -> p.toString().endsWith(".parquet"))
                    .filter(p -> !p.startsWith(table.resolve("_delta_log")))
                    .toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs the CLI in this JVM and returns what it printed. */
    private static String cli(String... args) {
        PrintStream out = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            assertThat(DeepLesionCli.run(args))
                    .as("exit code of %s", String.join(" ", args))
                    .isZero();
        } finally {
            System.setOut(out);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
