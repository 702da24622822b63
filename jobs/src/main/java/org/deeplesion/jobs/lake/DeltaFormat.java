package org.deeplesion.jobs.lake;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.schema.MessageType;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.catalog.ExternalCatalogUtils;
import org.apache.spark.sql.delta.DeltaConcurrentModificationException;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.DeltaOperations;
import org.apache.spark.sql.delta.OptimisticTransaction;
import org.apache.spark.sql.delta.actions.Action;
import org.apache.spark.sql.delta.actions.AddFile;
import org.apache.spark.sql.delta.actions.Metadata;
import org.apache.spark.sql.execution.datasources.parquet.SparkToParquetSchemaConverter;
import org.apache.spark.sql.internal.SQLConf;
import org.apache.spark.sql.types.StructType;
import org.deeplesion.jobs.spark.RowValues;
import scala.Option;
import scala.collection.JavaConverters;

/**
 * Delta's table format as delta-spark and Spark write it: a table's transaction log, through delta-spark's internal
 * {@link OptimisticTransaction}, and the data files' Parquet schema and partition folders, through Spark's internal
 * schema converter and path escaping. The one class of the lake that uses Delta's or Spark's internals.
 *
 * <p>No public API commits files written elsewhere the way the lake needs. {@code DeltaTable} and Spark's writer write
 * the data files themselves, converting and copying each value several times. Delta Kernel 3.3.2, the public API for
 * committing such files, writes only the row count of a file's statistics (no bounds or null counts for data
 * skipping), and treats every write as a blind append that it commits after any concurrent append without a
 * conflict, which would let two runs commit the same key; the README gives the measurements. A {@link Transaction}
 * here reads the whole table, so that Delta reports any file another run commits meanwhile as a conflict. The
 * Parquet schema and folder names are Spark's own, so that the files are those Spark would write; Spark has no
 * public API for either.
 */
final class DeltaFormat {

    /** Another run committed to the table after this transaction read it; nothing of this one was committed. */
    static final class ConflictException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        ConflictException(String table, DeltaConcurrentModificationException cause) {
            super(
                    "table " + table + ": another run committed first ("
                            + cause.getClass().getSimpleName() + "): " + cause.getMessage(),
                    cause);
        }
    }

    private final SparkSession spark;
    private final LakeTable table;
    private final String root;

    DeltaFormat(SparkSession spark, LakeTable table, String root) {
        this.spark = requireNonNull(spark, "spark");
        this.table = requireNonNull(table, "table");
        this.root = requireNonNull(root, "root");
    }

    /** A transaction against the table's latest version, having read all of it. */
    Transaction begin() {
        OptimisticTransaction txn = DeltaLog.forTable(spark, new Path(root)).startTransaction();
        if (txn.readVersion() >= 0) {
            txn.readWholeTable();
        }
        return new Transaction(txn);
    }

    /** One attempt at a commit; commits at most once. */
    final class Transaction {

        private final OptimisticTransaction txn;

        private Transaction(OptimisticTransaction txn) {
            this.txn = txn;
        }

        /** The version read, -1 when the table does not exist yet. */
        long readVersion() {
            return txn.readVersion();
        }

        /** The columns of the table as read; only for a table that exists. */
        StructType schema() {
            return txn.metadata().schema();
        }

        /** The table's data files as read; their keys are not known. */
        List<DataFile> files() {
            List<DataFile> out = new ArrayList<>();
            for (AddFile add : JavaConverters.seqAsJavaList(txn.filterFiles())) {
                out.add(dataFile(add));
            }
            return out;
        }

        /** Adds the files, creating the table with the lake's schema and partitioning when it does not exist. */
        void append(List<DataFile> files) {
            requireNonNull(files, "files");
            if (txn.readVersion() < 0) {
                txn.updateMetadataForNewTable(newTableMetadata());
            }
            List<Action> actions = new ArrayList<>(files.size());
            for (DataFile f : files) {
                actions.add(addFile(f));
            }
            commit(
                    actions,
                    new DeltaOperations.Write(
                            SaveMode.Append,
                            Option.apply(RowValues.array(table.partitionColumns())),
                            Option.empty(),
                            Option.empty()));
        }

        /** Removes files of the table and adds others in their place, in one commit. */
        void replace(List<DataFile> removed, List<DataFile> added) {
            requireNonNull(removed, "removed");
            requireNonNull(added, "added");
            List<Action> actions = new ArrayList<>(removed.size() + added.size());
            for (DataFile f : removed) {
                actions.add(addFile(f).remove());
            }
            for (DataFile f : added) {
                actions.add(addFile(f));
            }
            commit(actions, DeltaOperations.ManualUpdate$.MODULE$);
        }

        private void commit(List<Action> actions, DeltaOperations.Operation operation) {
            try {
                txn.commit(RowValues.array(actions), operation);
            } catch (DeltaConcurrentModificationException conflict) {
                throw new ConflictException(table.tableName(), conflict);
            }
        }
    }

    /** The Parquet schema of data files of these columns: what Spark writes for them. */
    static MessageType parquetSchema(StructType dataSchema) {
        return new SparkToParquetSchemaConverter(
                        false, SQLConf.ParquetOutputTimestampType$.MODULE$.TIMESTAMP_MICROS(), false)
                .convert(requireNonNull(dataSchema, "dataSchema"));
    }

    /** The folder of a partition, relative to the table, with a trailing slash; empty for no partition columns. */
    static String partitionFolder(List<String> columns, String[] values) {
        requireNonNull(columns, "columns");
        requireNonNull(values, "values");
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            out.append(ExternalCatalogUtils.escapePathName(columns.get(i)))
                    .append('=')
                    .append(
                            values[i] == null
                                    ? ExternalCatalogUtils.DEFAULT_PARTITION_NAME()
                                    : ExternalCatalogUtils.escapePathName(values[i]))
                    .append('/');
        }
        return out.toString();
    }

    private AddFile addFile(DataFile f) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < f.partitionValues().size(); i++) {
            values.put(table.partitionColumns().get(i), f.partitionValues().get(i));
        }
        return new AddFile(
                f.path(),
                scala.collection.immutable.Map$.MODULE$
                        .<String, String>empty()
                        .$plus$plus(JavaConverters.mapAsScalaMap(values)),
                f.size(),
                f.modified(),
                true,
                f.stats().isEmpty() ? null : f.stats(),
                null,
                null,
                Option.empty(),
                Option.empty(),
                Option.empty());
    }

    private DataFile dataFile(AddFile add) {
        List<String> values = new ArrayList<>();
        for (String c : table.partitionColumns()) {
            values.add(add.partitionValues().get(c).getOrElse(() -> null));
        }
        return new DataFile(
                add.path(),
                values,
                add.size(),
                add.modificationTime(),
                add.stats() == null ? "" : add.stats(),
                List.of());
    }

    private Metadata newTableMetadata() {
        return new Metadata(
                Metadata.$lessinit$greater$default$1(),
                null,
                null,
                Metadata.$lessinit$greater$default$4(),
                table.schema().json(),
                RowValues.array(table.partitionColumns()),
                Metadata.$lessinit$greater$default$7(),
                Option.apply(System.currentTimeMillis()));
    }
}
