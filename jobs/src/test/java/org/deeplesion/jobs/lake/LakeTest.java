package org.deeplesion.jobs.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.deeplesion.jobs.SparkTestSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LakeTest {

    private static final RetryingAppend.Sleeper NO_WAIT = d -> {};

    @TempDir
    Path dir;

    private final SparkSession spark = SparkTestSession.get();

    private static List<DataFile> written(Lake lake, List<Row> rows) throws IOException {
        List<DataFile> out = new ArrayList<>();
        lake.writer(LakeTable.REJECTS).call(rows.iterator()).forEachRemaining(out::add);
        return out;
    }

    private static AppendResult commit(Lake lake, IntConsumer beforeCommit, List<DataFile> files) {
        AppendFiles append = new UniqueAppend(lake, LakeTable.REJECTS, beforeCommit, NO_WAIT);
        files.forEach(append::appendFile);
        return append.commit();
    }

    private static List<String> reasons(Lake lake) {
        return lake.read(LakeTable.REJECTS).orElseThrow().orderBy("source").collectAsList().stream()
                .map(r -> r.getString(0) + ":" + r.getString(2))
                .toList();
    }

    private List<Path> dataFilesOnDisk() throws IOException {
        try (Stream<Path> files = Files.walk(dir.resolve("rejects"))) {
            return files.filter(p ->
                            p.toString().endsWith(".parquet") && !p.toString().contains("_delta_log"))
                    .toList();
        }
    }

    private Row reject(String source, String reason) {
        return RowFactory.create(source, "ingest", reason, 10L, new Timestamp(0), "run-1", new Timestamp(0));
    }

    @Test
    void insertNewAddsOnlyRowsWhoseKeyIsNotInTheTableYet() {
        Lake lake = new Lake(spark, dir.toUri().toString());
        lake.insertNew(LakeTable.REJECTS, List.of(reject("a.dcm", "first"), reject("b.dcm", "first")));

        lake.insertNew(LakeTable.REJECTS, List.of(reject("b.dcm", "second"), reject("c.dcm", "second")));

        List<Row> rows = lake.read(LakeTable.REJECTS)
                .orElseThrow()
                .orderBy("source")
                .select("source", "reason")
                .collectAsList();
        assertThat(rows)
                .extracting(r -> r.getString(0) + ":" + r.getString(1))
                .containsExactly("a.dcm:first", "b.dcm:first", "c.dcm:second");
    }

    @Test
    void insertNewOfDriverRowsKeepsTheFirstRowPerKeyInANewTableAndMergesIntoAnExistingOne() {
        Lake lake = new Lake(spark, dir.toUri().toString());
        lake.insertNew(
                LakeTable.REJECTS,
                List.of(reject("a.dcm", "first"), reject("b.dcm", "first"), reject("a.dcm", "repeated")));

        lake.insertNew(LakeTable.REJECTS, List.of(reject("b.dcm", "second"), reject("c.dcm", "second")));

        List<Row> rows = lake.read(LakeTable.REJECTS)
                .orElseThrow()
                .orderBy("source")
                .select("source", "reason")
                .collectAsList();
        assertThat(rows)
                .extracting(r -> r.getString(0) + ":" + r.getString(1))
                .containsExactly("a.dcm:first", "b.dcm:first", "c.dcm:second");
        assertThat(lake.version(LakeTable.REJECTS)).isEqualTo(1);
    }

    @Test
    void aCommitThatAnotherRunOvertakesRetriesAndLeavesOutTheKeysTheOtherCommittedFirst() throws IOException {
        Lake lake = new Lake(spark, dir.toUri().toString());
        lake.insertNew(LakeTable.REJECTS, List.of(reject("old.dcm", "first")));
        List<DataFile> written =
                written(lake, List.of(reject("a.dcm", "mine"), reject("b.dcm", "mine"), reject("c.dcm", "mine")));
        List<Integer> attempts = new ArrayList<>();

        AppendResult result = commit(
                lake,
                attempt -> {
                    attempts.add(attempt);
                    if (attempt == 1) {
                        lake.insertNew(
                                LakeTable.REJECTS,
                                List.of(reject("b.dcm", "other"), reject("c.dcm", "other"), reject("d.dcm", "other")));
                    }
                },
                written);

        assertThat(attempts).containsExactly(1, 2);
        assertThat(result).isEqualTo(new AppendResult(1, 1, 2, 2));
        assertThat(reasons(lake))
                .containsExactly("a.dcm:mine", "b.dcm:other", "c.dcm:other", "d.dcm:other", "old.dcm:first");
        assertThat(dataFilesOnDisk())
                .hasSize(lake.read(LakeTable.REJECTS).orElseThrow().inputFiles().length);
    }

    @Test
    void twoRunsThatCreateTheTableAtOnceEndWithOneRowPerKey() throws IOException {
        Lake lake = new Lake(spark, dir.toUri().toString());
        List<DataFile> written = written(lake, List.of(reject("a.dcm", "mine"), reject("b.dcm", "mine")));

        AppendResult result = commit(
                lake,
                attempt -> {
                    if (attempt == 1) {
                        lake.insertNew(LakeTable.REJECTS, List.of(reject("b.dcm", "other")));
                    }
                },
                written);

        assertThat(result.attempts()).isEqualTo(2);
        assertThat(reasons(lake)).containsExactly("a.dcm:mine", "b.dcm:other");
    }

    @Test
    void aRunWhoseRowsAreAllInTheTableCommitsNothingAndDeletesItsFiles() throws IOException {
        Lake lake = new Lake(spark, dir.toUri().toString());
        lake.insertNew(LakeTable.REJECTS, List.of(reject("a.dcm", "first")));
        long version = lake.version(LakeTable.REJECTS);

        AppendResult result = lake.insertNew(LakeTable.REJECTS, List.of(reject("a.dcm", "again")));

        assertThat(result.rows()).isZero();
        assertThat(result.duplicates()).isEqualTo(1);
        assertThat(lake.version(LakeTable.REJECTS)).isEqualTo(version);
        assertThat(dataFilesOnDisk()).hasSize(1);
    }

    @Test
    void aCommitThatKeepsConflictingFailsAfterItsAttemptsAndLeavesNoFile() throws IOException {
        Lake lake = new Lake(spark, dir.toUri().toString());
        lake.insertNew(LakeTable.REJECTS, List.of(reject("old.dcm", "first")));
        List<DataFile> written = written(lake, List.of(reject("a.dcm", "mine")));

        assertThatThrownBy(() -> commit(
                        lake,
                        attempt -> lake.insertNew(
                                LakeTable.REJECTS, List.of(reject("other-" + attempt + ".dcm", "other"))),
                        written))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("table rejects: " + RetryingAppend.MAX_ATTEMPTS + " commits in a row conflicted");

        assertThat(reasons(lake)).doesNotContain("a.dcm:mine").hasSize(1 + RetryingAppend.MAX_ATTEMPTS);
        assertThat(dataFilesOnDisk()).hasSize(1 + RetryingAppend.MAX_ATTEMPTS);
    }

    @Test
    void aTableThatWasNeverWrittenReadsAsEmptyWithItsSchema() {
        Lake lake = new Lake(spark, dir.resolve("empty-lake").toUri().toString());

        assertThat(lake.exists(LakeTable.SLICES)).isFalse();
        assertThat(lake.readOrEmpty(LakeTable.SLICES).schema()).isEqualTo(LakeTable.SLICES.schema());
    }
}
