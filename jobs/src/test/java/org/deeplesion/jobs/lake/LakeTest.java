package org.deeplesion.jobs.lake;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.deeplesion.jobs.SparkTestSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LakeTest {

    @TempDir
    Path dir;

    private final SparkSession spark = SparkTestSession.get();

    private Row reject(String source, String reason) {
        return RowFactory.create(source, "ingest", reason, 10L, new Timestamp(0), "run-1", new Timestamp(0));
    }

    @Test
    void insertNewAddsOnlyRowsWhoseKeyIsNotInTheTableYet() {
        Lake lake = new Lake(spark, dir.toUri().toString());
        lake.insertNew(LakeTable.REJECTS, List.of(reject("a.dcm", "first"), reject("b.dcm", "first")));

        lake.insertNew(LakeTable.REJECTS, List.of(reject("b.dcm", "second"), reject("c.dcm", "second")));

        List<Row> rows = lake.read(LakeTable.REJECTS).orElseThrow().orderBy("source")
                .select("source", "reason").collectAsList();
        assertThat(rows).extracting(r -> r.getString(0) + ":" + r.getString(1))
                .containsExactly("a.dcm:first", "b.dcm:first", "c.dcm:second");
    }

    @Test
    void insertNewOfDriverRowsKeepsTheFirstRowPerKeyInANewTableAndMergesIntoAnExistingOne() {
        Lake lake = new Lake(spark, dir.toUri().toString());
        lake.insertNew(LakeTable.REJECTS, List.of(reject("a.dcm", "first"), reject("b.dcm", "first"),
                reject("a.dcm", "repeated")));

        lake.insertNew(LakeTable.REJECTS, List.of(reject("b.dcm", "second"), reject("c.dcm", "second")));

        List<Row> rows = lake.read(LakeTable.REJECTS).orElseThrow().orderBy("source")
                .select("source", "reason").collectAsList();
        assertThat(rows).extracting(r -> r.getString(0) + ":" + r.getString(1))
                .containsExactly("a.dcm:first", "b.dcm:first", "c.dcm:second");
        assertThat(lake.version(LakeTable.REJECTS)).isEqualTo(1);
    }

    @Test
    void aTableThatWasNeverWrittenReadsAsEmptyWithItsSchema() {
        Lake lake = new Lake(spark, dir.resolve("empty-lake").toUri().toString());

        assertThat(lake.exists(LakeTable.SLICES)).isFalse();
        assertThat(lake.readOrEmpty(LakeTable.SLICES).schema()).isEqualTo(LakeTable.SLICES.schema());
    }
}
