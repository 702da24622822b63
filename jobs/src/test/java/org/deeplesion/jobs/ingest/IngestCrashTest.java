package org.deeplesion.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.deeplesion.jobs.SparkTestSession;
import org.deeplesion.jobs.TestArchives;
import org.deeplesion.jobs.lake.Lake;
import org.deeplesion.jobs.lake.LakeTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An ingest whose driver is killed while it writes slices, then run again, leaves one row per instance. */
class IngestCrashTest {

    @TempDir
    Path dir;

    @Test
    void killedWhileWritingSlicesThenReRunLeavesExactlyOneRowPerInstance() throws Exception {
        TestArchives.cohort(dir.resolve("archive"), 3, 31);
        int expected = TestArchives.ctSlices(dir.resolve("archive/dicom")).size();
        Path lakeDir = dir.resolve("lake");
        Process driver = startIngest(dir.resolve("archive/dicom"), lakeDir);
        boolean killedMidWrite = false;
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (driver.isAlive() && System.nanoTime() < deadline) {
                if (hasUncommittedDataFiles(lakeDir.resolve("slices"))) {
                    driver.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                    killedMidWrite = true;
                    break;
                }
                Thread.sleep(20);
            }
        } finally {
            driver.destroyForcibly();
        }
        assertThat(killedMidWrite)
                .as("the driver was killed while slice files were being written")
                .isTrue();

        SparkSession spark = SparkTestSession.get();
        Lake lake = new Lake(spark, lakeDir.toUri().toString());
        new IngestJob(
                        spark,
                        new IngestOptions(
                                List.of(dir.resolve("archive/dicom").toUri().toString()),
                                lake.root(),
                                "crash-test-secret-0123456789".getBytes(StandardCharsets.UTF_8),
                                false,
                                64L << 20,
                                2))
                .run();

        var slices = lake.read(LakeTable.SLICES).orElseThrow();
        assertThat(slices.count()).isEqualTo(expected);
        assertThat(slices.select("sop_instance_uid").distinct().count()).isEqualTo(expected);
    }

    private static Process startIngest(Path input, Path lake) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx1g");
        command.addAll(List.of(
                Files.readString(Path.of("..", "conf", "java17-options")).trim().split("\\s+")));
        command.addAll(List.of(
                "-Dspark.master=local[2]",
                "-Dspark.ui.enabled=false",
                "-cp",
                System.getProperty("java.class.path"),
                "org.deeplesion.jobs.cli.DeepLesionCli",
                "ingest",
                "--input",
                input.toUri().toString(),
                "--lake",
                lake.toUri().toString(),
                "--demo-key",
                "--files-per-task",
                "1"));
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(lake.resolveSibling("driver.log").toFile());
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        return pb.start();
    }

    /** Parquet files in the table folder that no Delta commit references yet. */
    private static boolean hasUncommittedDataFiles(Path table) throws IOException {
        if (!Files.isDirectory(table)) {
            return false;
        }
        boolean committed = Files.isDirectory(table.resolve("_delta_log"))
                && Files.list(table.resolve("_delta_log"))
                        .anyMatch(p -> p.getFileName().toString().endsWith(".json"));
        try (Stream<Path> s = Files.walk(table)) {
            return !committed && s.anyMatch(p -> p.getFileName().toString().endsWith(".parquet"));
        }
    }
}
