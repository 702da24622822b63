package org.deeplesion.jobs.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntConsumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.deeplesion.jobs.SparkTestSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link AppendFiles}: typed data files in, one commit that retries on a conflict and cleans up when it fails. */
class AppendFilesTest {

    @TempDir
    Path dir;

    private final SparkSession spark = SparkTestSession.get();

    private static Row reject(String source) {
        return RowFactory.create(source, "ingest", "mine", 10L, new Timestamp(0), "run-1", new Timestamp(0));
    }

    private static List<DataFile> written(Lake lake, Row... rows) throws IOException {
        List<DataFile> out = new ArrayList<>();
        lake.writer(LakeTable.REJECTS).call(List.of(rows).iterator()).forEachRemaining(out::add);
        return out;
    }

    private static AppendFiles append(
            Lake lake, IntConsumer beforeCommit, RetryingAppend.Sleeper sleeper, List<DataFile> files) {
        AppendFiles append = new UniqueAppend(lake, LakeTable.REJECTS, beforeCommit, sleeper);
        files.forEach(append::appendFile);
        return append;
    }

    /** The Parquet files in the table's folder. */
    private Set<Path> dataFilesOnDisk() throws IOException {
        Path table = dir.resolve("rejects");
        if (!Files.exists(table)) {
            return Set.of();
        }
        try (Stream<Path> files = Files.walk(table)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".parquet"))
                    .collect(Collectors.toSet());
        }
    }

    /** The Parquet files the table's current version lists. */
    private static Set<Path> dataFilesInLog(Lake lake) {
        return Stream.of(lake.read(LakeTable.REJECTS).orElseThrow().inputFiles())
                .map(f -> Path.of(URI.create(f)))
                .collect(Collectors.toSet());
    }

    @Test
    void filesWrittenByTasksReachTheDriverAsTypedRecordsThroughKryo() {
        Lake lake = new Lake(spark, dir.toUri().toString());
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());

        List<DataFile> files = jsc.parallelize(List.of(reject("a.dcm"), reject("b.dcm"), reject("c.dcm")), 2)
                .mapPartitions(lake.writer(LakeTable.REJECTS))
                .collect();

        assertThat(spark.sparkContext().getConf().get("spark.serializer")).endsWith("KryoSerializer");
        assertThat(files).hasSize(2);
        assertThat(files).flatExtracting(DataFile::keys).hasSize(3);
        assertThat(files).allSatisfy(f -> {
            assertThat(f.stats()).contains("\"numRecords\"");
            assertThat(Files.size(
                            Path.of(f.location(lake.path(LakeTable.REJECTS)).toUri())))
                    .isEqualTo(f.size());
        });
    }

    @Test
    void eachRetryWaitsBetweenHalfAndAllOfACeilingThatDoublesUpToTheLongestBackoff() {
        Set<Long> waits = new HashSet<>();
        for (int attempt = 1; attempt <= 12; attempt++) {
            long ceiling = Math.min(
                    RetryingAppend.LONGEST_BACKOFF.toMillis(),
                    RetryingAppend.FIRST_BACKOFF.toMillis() << (attempt - 1));
            for (int i = 0; i < 200; i++) {
                long wait = RetryingAppend.backoff(attempt).toMillis();
                assertThat(wait).as("wait after attempt %d", attempt).isBetween(ceiling / 2, ceiling);
                if (attempt == 1) {
                    waits.add(wait);
                }
            }
        }
        assertThat(waits).as("waits after the first attempt are jittered").hasSizeGreaterThan(1);
    }

    @Test
    void aCommitThatConflictsWaitsBeforeEachNewAttemptAndCommitsOnceTheOtherRunIsDone() throws IOException {
        Lake lake = new Lake(spark, dir.toUri().toString());
        lake.insertNew(LakeTable.REJECTS, List.of(reject("old.dcm")));
        List<Duration> waits = new ArrayList<>();

        AppendResult result = append(
                        lake,
                        attempt -> {
                            if (attempt < 3) {
                                lake.insertNew(LakeTable.REJECTS, List.of(reject("other-" + attempt + ".dcm")));
                            }
                        },
                        waits::add,
                        written(lake, reject("a.dcm")))
                .commit();

        assertThat(result).isEqualTo(new AppendResult(1, 1, 0, 3));
        assertThat(waits).hasSize(2);
        assertThat(lake.read(LakeTable.REJECTS).orElseThrow().count()).isEqualTo(4);
        assertThat(dataFilesOnDisk()).isEqualTo(dataFilesInLog(lake));
    }

    @Test
    void aCommitThatFailsOtherwiseThanByAConflictLeavesNoFileOutsideTheLog() throws IOException {
        Lake lake = new Lake(spark, dir.toUri().toString());
        lake.insertNew(LakeTable.REJECTS, List.of(reject("old.dcm")));
        List<DataFile> files = written(lake, reject("a.dcm"), reject("b.dcm"));
        assertThat(dataFilesOnDisk()).hasSize(2);

        assertThatThrownBy(() -> append(
                                lake,
                                attempt -> {
                                    throw new IllegalStateException("the driver failed");
                                },
                                d -> {},
                                files)
                        .commit())
                .hasMessage("the driver failed");

        assertThat(lake.version(LakeTable.REJECTS)).isZero();
        assertThat(dataFilesOnDisk()).hasSize(1).isEqualTo(dataFilesInLog(lake));
    }

    @Test
    void aFailedFirstCommitLeavesNeitherATableNorAFile() throws IOException {
        Lake lake = new Lake(spark, dir.toUri().toString());
        List<DataFile> files = written(lake, reject("a.dcm"));

        assertThatThrownBy(() -> append(
                                lake,
                                attempt -> {
                                    throw new IllegalStateException("the driver failed");
                                },
                                d -> {},
                                files)
                        .commit())
                .hasMessage("the driver failed");

        assertThat(lake.exists(LakeTable.REJECTS)).isFalse();
        assertThat(dataFilesOnDisk()).isEmpty();
    }

    @Test
    void aCommitToATableOfOtherColumnsFailsAndDeletesItsFiles() throws IOException {
        Lake lake = new Lake(spark, dir.toUri().toString());
        spark.createDataFrame(List.of(RowFactory.create("x")), new StructType().add("source", "string"))
                .write()
                .format("delta")
                .save(lake.path(LakeTable.REJECTS));
        Set<Path> before = dataFilesOnDisk();
        List<DataFile> files = written(lake, reject("a.dcm"));

        assertThatThrownBy(() -> append(lake, attempt -> {}, d -> {}, files).commit())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("table rejects has columns");

        assertThat(dataFilesOnDisk()).isEqualTo(before);
    }

    @Test
    void anAppendCommitsOnceAndTakesNoFileAfterItsCommit() throws IOException {
        Lake lake = new Lake(spark, dir.toUri().toString());
        List<DataFile> files = written(lake, reject("a.dcm"));
        AppendFiles append = append(lake, attempt -> {}, d -> {}, files);
        append.commit();

        assertThatThrownBy(append::commit)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("committed already");
        assertThatThrownBy(() -> append.appendFile(files.get(0))).isInstanceOf(IllegalStateException.class);
        assertThat(lake.read(LakeTable.REJECTS).orElseThrow().count()).isEqualTo(1);
    }

    @Test
    void anAppendOfNoFilesCommitsNothing() {
        Lake lake = new Lake(spark, dir.toUri().toString());

        assertThat(append(lake, attempt -> {}, d -> {}, List.of()).commit()).isEqualTo(AppendResult.NOTHING);
        assertThat(lake.exists(LakeTable.REJECTS)).isFalse();
    }
}
