package org.deeplesion.jobs.lake;

import static java.util.Objects.requireNonNull;

import io.delta.tables.DeltaTable;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The lake: one root URI ({@code file:}, {@code hdfs:}, {@code s3a:}), one Delta table per folder, plus
 * {@code models/} and {@code reports/} beside the tables.
 */
public final class Lake {

    private final SparkSession spark;
    private final String root;

    public Lake(SparkSession spark, String root) {
        this.spark = requireNonNull(spark, "spark");
        String r = requireNonNull(root, "root").trim();
        if (r.isEmpty()) {
            throw new IllegalArgumentException("lake root URI is empty");
        }
        this.root = r.endsWith("/") ? r.substring(0, r.length() - 1) : r;
    }

    public String root() {
        return root;
    }

    public SparkSession spark() {
        return spark;
    }

    public String path(LakeTable table) {
        return root + "/" + table.tableName();
    }

    public boolean exists(LakeTable table) {
        return DeltaTable.isDeltaTable(spark, path(table));
    }

    /** The table's current rows, or empty when the table has not been written yet. */
    public Optional<Dataset<Row>> read(LakeTable table) {
        return exists(table) ? Optional.of(spark.read().format("delta").load(path(table))) : Optional.empty();
    }

    /** The table's rows as of a Delta version (time travel; insert-only tables keep every version's files). */
    public Dataset<Row> read(LakeTable table, long version) {
        return spark.read().format("delta").option("versionAsOf", version).load(path(table));
    }

    /** The table's current Delta version, or -1 when it has not been written yet. */
    public long version(LakeTable table) {
        return exists(table) ? DeltaTable.forPath(spark, path(table)).history(1).select("version").head().getLong(0)
                : -1;
    }

    /** The table's current rows, or an empty frame of its schema. */
    public Dataset<Row> readOrEmpty(LakeTable table) {
        return read(table).orElseGet(() -> spark.createDataFrame(java.util.List.of(), table.schema()));
    }

    /** Appends rows atomically (one Delta commit), creating the table with its partitioning on first write. */
    public void append(LakeTable table, Dataset<Row> rows) {
        var writer = rows.write().format("delta").mode("append");
        if (!table.partitionColumns().isEmpty()) {
            writer = writer.partitionBy(table.partitionColumns().toArray(String[]::new));
        }
        writer.save(path(table));
    }

    /**
     * Inserts the rows whose keys are not in the table yet (insert-only Delta merge), so that re-running a stage
     * never duplicates a row.
     */
    public void insertNew(LakeTable table, Dataset<Row> rows) {
        if (!exists(table)) {
            append(table, rows.dropDuplicates(table.keyColumns().toArray(String[]::new)));
            return;
        }
        String condition = String.join(" AND ",
                table.keyColumns().stream().map(k -> "t." + k + " <=> s." + k).toList());
        DeltaTable.forPath(spark, path(table)).as("t")
                .merge(rows.dropDuplicates(table.keyColumns().toArray(String[]::new)).as("s"), condition)
                .whenNotMatched().insertAll().execute();
    }
}
