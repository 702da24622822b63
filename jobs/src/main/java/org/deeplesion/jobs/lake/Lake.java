package org.deeplesion.jobs.lake;

import static java.util.Objects.requireNonNull;

import io.delta.tables.DeltaTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.deeplesion.jobs.spark.HadoopConf;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lake: one root URI ({@code file:}, {@code hdfs:}, {@code s3a:}), one Delta table per folder, plus
 * {@code models/} and {@code reports/} beside the tables.
 */
public final class Lake {

    private static final Logger LOG = LoggerFactory.getLogger(Lake.class);

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

    /** The folder of one run's reports of a stage: {@code <lake>/reports/<stage>/<run id>}. */
    public String reports(String stage, String runId) {
        return root + "/reports/" + requireNonNull(stage, "stage") + "/" + requireNonNull(runId, "runId");
    }

    /** The folder that holds one folder per trained model: {@code <lake>/models}. */
    public String models() {
        return root + "/models";
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
        return exists(table)
                ? DeltaTable.forPath(spark, path(table))
                        .history(1)
                        .select("version")
                        .head()
                        .getLong(0)
                : -1;
    }

    /** The table's current rows, or an empty frame of its schema. */
    public Dataset<Row> readOrEmpty(LakeTable table) {
        return read(table).orElseGet(() -> spark.createDataFrame(List.of(), table.schema()));
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
     * Inserts the rows whose keys are not in the table yet, atomically (one Delta commit), without Spark SQL's writer:
     * each task writes its rows straight into Parquet data files ({@link DataFileWriter}) and the driver commits them
     * ({@link UniqueAppend}, an {@link AppendFiles}), creating the table with its partitioning on first write. Rows
     * whose keys another run committed first, or that repeat a key of an earlier row, are left out, also when that run
     * commits while this one does. For tables of large binary values (the slices' pixels), where Spark's writer
     * converts, sorts, projects and copies every value several times; the files and their statistics are those Spark
     * and Delta would write. Nothing is committed when the rows are empty. Files of a job that fails, or whose commit
     * fails, are never part of the table ({@code deeplesion vacuum} removes what a killed driver left).
     *
     * @param rows rows of the table's schema, best grouped by the partition columns (one file per group and task)
     */
    public AppendResult insertNew(LakeTable table, JavaRDD<Row> rows) {
        requireNonNull(table, "table");
        return commit(
                table, requireNonNull(rows, "rows").mapPartitions(writer(table)).collect());
    }

    /**
     * {@link #insertNew(LakeTable, JavaRDD)} for a few rows the driver holds (objects, rejects, lesions, a run): the
     * driver writes them itself, one file per partition value, without a Spark job or serialising the rows.
     */
    public AppendResult insertNew(LakeTable table, List<Row> rows) {
        requireNonNull(table, "table");
        requireNonNull(rows, "rows");
        List<DataFile> files = new ArrayList<>();
        try {
            writer(table).call(rows.iterator()).forEachRemaining(files::add);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to table " + path(table) + ": " + e.getMessage(), e);
        }
        return commit(table, files);
    }

    DataFileWriter writer(LakeTable table) {
        var sql = spark.sessionState().conf();
        // The session's Hadoop settings, as Spark's own writer sees them (spark.hadoop.* and parquet.* included).
        return new DataFileWriter(
                new HadoopConf(spark.sessionState().newHadoopConf()),
                path(table),
                table.tableName(),
                table.schema(),
                table.partitionColumns(),
                RowKey.of(table),
                sql.getConfString("spark.sql.parquet.compression.codec", "snappy"),
                sql.maxRecordsPerFile() > 0 ? sql.maxRecordsPerFile() : Long.MAX_VALUE);
    }

    private AppendResult commit(LakeTable table, List<DataFile> files) {
        AppendFiles append = new UniqueAppend(this, table);
        files.forEach(append::appendFile);
        return append.commit();
    }

    /** Deletes files written for a table and never committed to it, after a failure, which keeps what fails. */
    void discard(LakeTable table, List<DataFile> files, Throwable failure) {
        for (DataFile f : files) {
            try {
                delete(table, f);
            } catch (IOException | RuntimeException e) {
                failure.addSuppressed(e);
            }
        }
    }

    /** Deletes files written for a table and left out of its commit; what cannot be deleted is left to vacuum. */
    void discardQuietly(LakeTable table, List<DataFile> files) {
        for (DataFile f : files) {
            try {
                delete(table, f);
            } catch (IOException | RuntimeException e) {
                LOG.warn(
                        "table {}: could not delete {}, a file outside the table ({}); vacuum removes it",
                        table.tableName(),
                        f.path(),
                        e.getMessage());
            }
        }
    }

    private void delete(LakeTable table, DataFile f) throws IOException {
        Path p = f.location(path(table));
        p.getFileSystem(spark.sessionState().newHadoopConf()).delete(p, false);
    }
}
