package org.deeplesion.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.deeplesion.jobs.ChildDriver;
import org.deeplesion.jobs.DeltaFiles;
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
        Process driver = ChildDriver.start(
                dir.resolve("driver.log"),
                "ingest",
                "--input",
                dir.resolve("archive/dicom").toUri().toString(),
                "--lake",
                lakeDir.toUri().toString(),
                "--demo-key",
                "--files-per-task",
                "1");
        boolean killedMidWrite =
                ChildDriver.killWhen(driver, () -> DeltaFiles.hasUncommittedDataFiles(lakeDir.resolve("slices")));
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
}
