package org.deeplesion.jobs.lake;

import static java.util.Objects.requireNonNull;

import io.delta.tables.DeltaTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.DeltaOperations;
import org.apache.spark.sql.delta.OptimisticTransaction;
import org.apache.spark.sql.delta.actions.Action;
import org.apache.spark.sql.delta.actions.AddFile;
import org.apache.spark.sql.delta.actions.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.deeplesion.jobs.spark.HadoopConf;
import org.deeplesion.jobs.spark.RowValues;
import scala.Option;
import scala.collection.JavaConverters;

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
     * Inserts the rows whose keys are not in the table yet, so that re-running a stage never duplicates a row; of
     * rows that repeat a key, the first is kept. Into an existing table this is an insert-only Delta merge. A new
     * table has nothing to merge with: repeated keys are dropped here and the rest appended without Spark SQL's
     * writer, which in a fresh JVM took seconds to plan, shuffle and commit a few hundred rows.
     */
    public void insertNew(LakeTable table, List<Row> rows) {
        if (rows.isEmpty()) {
            return;
        }
        if (exists(table)) {
            String condition = String.join(" AND ",
                    table.keyColumns().stream().map(k -> "t." + k + " <=> s." + k).toList());
            DeltaTable.forPath(spark, path(table)).as("t")
                    .merge(spark.createDataFrame(rows, table.schema())
                            .dropDuplicates(table.keyColumns().toArray(String[]::new)).as("s"), condition)
                    .whenNotMatched().insertAll().execute();
            return;
        }
        int[] keys = table.keyColumns().stream().mapToInt(table.schema()::fieldIndex).toArray();
        Map<List<Object>, Row> byKey = new LinkedHashMap<>();
        for (Row r : rows) {
            List<Object> key = new ArrayList<>(keys.length);
            for (int k : keys) {
                key.add(r.get(k));
            }
            byKey.putIfAbsent(key, r);
        }
        appendRows(table, new ArrayList<>(byKey.values()));
    }

    /**
     * Appends rows atomically (one Delta commit) without Spark SQL's writer: each task writes its rows straight into
     * Parquet data files ({@link DataFileWriter}) and the driver commits them, creating the table with its
     * partitioning on first write. For tables of large binary values (the slices' pixels), where Spark's writer
     * converts, sorts, projects and copies every value several times; the files and their statistics are those
     * Spark and Delta would write. Nothing is committed when the rows are empty. Files of a job that fails, or
     * whose commit fails, are never part of the table (Delta's {@code VACUUM} removes what a killed driver left).
     *
     * @param rows rows of the table's schema, best grouped by the partition columns (one file per group and task)
     * @return the number of files committed
     */
    public int appendRows(LakeTable table, JavaRDD<Row> rows) {
        return commit(table, rows.mapPartitions(writer(table)).collect());
    }

    /**
     * {@link #appendRows(LakeTable, JavaRDD)} for a few rows the driver holds (objects, rejects, a run): the driver
     * writes them itself, one file per partition value, without a Spark job or serialising the rows.
     */
    public int appendRows(LakeTable table, List<Row> rows) {
        List<Row> files = new ArrayList<>();
        try {
            writer(table).call(rows.iterator()).forEachRemaining(files::add);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to table " + path(table) + ": " + e.getMessage(), e);
        }
        return commit(table, files);
    }

    private DataFileWriter writer(LakeTable table) {
        var sql = spark.sessionState().conf();
        // The session's Hadoop settings, as Spark's own writer sees them (spark.hadoop.* and parquet.* included).
        return new DataFileWriter(new HadoopConf(spark.sessionState().newHadoopConf()), path(table),
                table.tableName(), table.schema(), table.partitionColumns(),
                sql.getConfString("spark.sql.parquet.compression.codec", "snappy"),
                sql.maxRecordsPerFile() > 0 ? sql.maxRecordsPerFile() : Long.MAX_VALUE);
    }

    /** Commits the files {@link DataFileWriter} wrote as one Delta append, creating the table on first write. */
    private int commit(LakeTable table, List<Row> files) {
        if (files.isEmpty()) {
            return 0;
        }
        DeltaLog log = DeltaLog.forTable(spark, new Path(path(table)));
        OptimisticTransaction txn = log.startTransaction();
        if (txn.readVersion() < 0) {
            txn.updateMetadataForNewTable(new Metadata(Metadata.$lessinit$greater$default$1(), null, null,
                    Metadata.$lessinit$greater$default$4(), table.schema().json(), RowValues.array(table.partitionColumns()),
                    Metadata.$lessinit$greater$default$7(), Option.apply(System.currentTimeMillis())));
        } else {
            requireSameColumns(table, txn.metadata().schema());
        }
        List<Action> adds = new ArrayList<>(files.size());
        for (Row f : files) {
            String[] values = (String[]) f.get(DataFileWriter.PARTITION_VALUES);
            Map<String, String> partitionValues = new HashMap<>();
            for (int i = 0; i < values.length; i++) {
                partitionValues.put(table.partitionColumns().get(i), values[i]);
            }
            adds.add(new AddFile(f.getString(DataFileWriter.PATH), scalaMap(partitionValues),
                    f.getLong(DataFileWriter.SIZE), f.getLong(DataFileWriter.MODIFIED), true,
                    f.getString(DataFileWriter.STATS), null, null, Option.empty(), Option.empty(), Option.empty()));
        }
        txn.commit(RowValues.array(adds), new DeltaOperations.Write(SaveMode.Append,
                Option.apply(RowValues.array(table.partitionColumns())), Option.empty(), Option.empty()));
        return files.size();
    }

    private static void requireSameColumns(LakeTable table, StructType existing) {
        StructType expected = table.schema();
        boolean same = existing.size() == expected.size();
        for (int i = 0; same && i < expected.size(); i++) {
            StructField a = existing.fields()[i];
            StructField b = expected.fields()[i];
            same = a.name().equals(b.name()) && a.dataType().sameType(b.dataType());
        }
        if (!same) {
            throw new IllegalStateException("table " + table.tableName() + " has columns "
                    + existing.simpleString() + ", this version writes " + expected.simpleString());
        }
    }

    private static scala.collection.immutable.Map<String, String> scalaMap(Map<String, String> values) {
        return scala.collection.immutable.Map$.MODULE$.<String, String>empty().$plus$plus(
                JavaConverters.mapAsScalaMap(values));
    }
}
