package org.deeplesion.jobs.lake;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetOutputFormat;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.apache.parquet.io.OutputFile;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.deeplesion.jobs.spark.HadoopConf;

/**
 * Executor side of {@link Lake#insertNew}: writes one task's rows into Parquet data files of a Delta table, one
 * folder per partition value as Delta lays them out, and returns each file as a {@link DataFile}, with the keys of
 * its rows, for the driver to commit.
 *
 * <p>Rows are written as they come, one open file at a time: a file ends when the partition value changes or it
 * holds {@code maxRecordsPerFile} rows, so memory holds one row group, whatever the task's size. Rows grouped by
 * partition (the ingest orders its input by study) make one file per partition and task; the output is correct in
 * any order. Partition columns are strings, whose folder names and partition values are the values themselves. A
 * task that fails deletes the files it wrote; no file is visible to readers before the driver commits it.
 */
final class DataFileWriter implements FlatMapFunction<Iterator<Row>, DataFile> {

    private static final long serialVersionUID = 1L;

    private final HadoopConf conf;
    private final String tableRoot;
    private final String tableName;
    private final StructType schema;
    private final List<String> partitionColumns;
    private final CompressionCodecName codec;
    private final long maxRecordsPerFile;
    private final RowKey key;

    DataFileWriter(
            HadoopConf conf,
            String tableRoot,
            String tableName,
            StructType schema,
            List<String> partitionColumns,
            RowKey key,
            String codec,
            long maxRecordsPerFile) {
        this.conf = requireNonNull(conf, "conf");
        this.tableRoot = requireNonNull(tableRoot, "tableRoot");
        this.tableName = requireNonNull(tableName, "tableName");
        this.schema = requireNonNull(schema, "schema");
        this.partitionColumns = List.copyOf(requireNonNull(partitionColumns, "partitionColumns"));
        for (String c : partitionColumns) {
            if (!schema.apply(c).dataType().equals(DataTypes.StringType)) {
                throw new IllegalArgumentException("table " + tableName + ": partition column " + c
                        + " is not a string; the direct writer partitions by strings only");
            }
        }
        this.codec = CompressionCodecName.fromConf(requireNonNull(codec, "codec"));
        this.maxRecordsPerFile = maxRecordsPerFile;
        this.key = requireNonNull(key, "key");
    }

    @Override
    public Iterator<DataFile> call(Iterator<Row> rows) throws IOException {
        requireNonNull(rows, "rows");
        int[] partitionOrdinals =
                partitionColumns.stream().mapToInt(schema::fieldIndex).toArray();
        List<DataFile> written = new ArrayList<>();
        List<Path> paths = new ArrayList<>();
        OpenFile open = null;
        try {
            while (rows.hasNext()) {
                Row row = rows.next();
                String[] values = new String[partitionOrdinals.length];
                for (int i = 0; i < values.length; i++) {
                    Object v = row.get(partitionOrdinals[i]);
                    values[i] = v == null ? null : v.toString();
                }
                if (open != null
                        && (!Arrays.equals(open.partitionValues, values)
                                || open.statistics.records() >= maxRecordsPerFile)) {
                    written.add(open.close());
                    open = null;
                }
                if (open == null) {
                    open = new OpenFile(values);
                    paths.add(open.path);
                }
                open.write(row);
            }
            if (open != null) {
                written.add(open.close());
                open = null;
            }
            return written.iterator();
        } catch (IOException | RuntimeException e) {
            discard(open, paths, e);
            throw e;
        }
    }

    /** Deletes what a failed task wrote: the files were never committed, so nothing else refers to them. */
    private void discard(OpenFile open, List<Path> paths, Exception failure) {
        if (open != null) {
            try {
                open.writer.close();
            } catch (IOException | RuntimeException e) {
                failure.addSuppressed(e);
            }
        }
        for (Path p : paths) {
            try {
                p.getFileSystem(conf.get()).delete(p, false);
            } catch (IOException e) {
                failure.addSuppressed(e);
            }
        }
    }

    private final class OpenFile {

        private final String[] partitionValues;
        private final String relative;
        private final Path path;
        private final ParquetWriter<Row> writer;
        private final FileStatistics statistics;
        private final List<String> keys = new ArrayList<>();

        OpenFile(String[] partitionValues) throws IOException {
            this.partitionValues = partitionValues;
            TaskContext task = TaskContext.get();
            // Spark's naming: part-<task>-<uuid>.c000<codec extension>.parquet
            String name = String.format(
                    Locale.ROOT,
                    "part-%05d-%s.c000%s.parquet",
                    task == null ? 0 : task.partitionId(),
                    UUID.randomUUID(),
                    codec.getExtension());
            this.relative = DeltaFormat.partitionFolder(partitionColumns, partitionValues) + name;
            this.path = new Path(tableRoot + "/" + relative);
            ParquetRows support = new ParquetRows(tableName, schema, partitionColumns);
            this.statistics = new FileStatistics(schema, support.dataSchema());
            this.writer = builder(HadoopOutputFile.fromPath(path, conf.get()), support)
                    .build();
        }

        void write(Row row) throws IOException {
            keys.add(key.of(row));
            writer.write(row);
            statistics.add(row);
        }

        DataFile close() throws IOException {
            writer.close();
            FileStatus status = path.getFileSystem(conf.get()).getFileStatus(path);
            return new DataFile(
                    new Path(relative).toUri().toString(),
                    Arrays.asList(partitionValues),
                    status.getLen(),
                    status.getModificationTime(),
                    statistics.json(),
                    keys);
        }

        private ParquetWriter.Builder<Row, ?> builder(OutputFile file, ParquetRows support) {
            Configuration c = conf.get();
            Builder b = new Builder(file, support)
                    .withConf(c)
                    .withWriteMode(ParquetFileWriter.Mode.CREATE)
                    .withCompressionCodec(codec)
                    .withRowGroupSize(ParquetOutputFormat.getLongBlockSize(c))
                    .withPageSize(ParquetOutputFormat.getPageSize(c))
                    .withDictionaryPageSize(ParquetOutputFormat.getDictionaryPageSize(c))
                    .withMinRowCountForPageSizeCheck(c.getInt(
                            ParquetOutputFormat.MIN_ROW_COUNT_FOR_PAGE_SIZE_CHECK,
                            ParquetProperties.DEFAULT_MINIMUM_RECORD_COUNT_FOR_CHECK))
                    .withDictionaryEncoding(ParquetOutputFormat.getEnableDictionary(c));
            for (StructField f : support.dataSchema().fields()) {
                String setting = c.get(ParquetOutputFormat.ENABLE_DICTIONARY + "#" + f.name());
                if (setting != null) {
                    b = b.withDictionaryEncoding(f.name(), Boolean.parseBoolean(setting));
                }
            }
            return b;
        }
    }

    private static final class Builder extends ParquetWriter.Builder<Row, Builder> {

        private final WriteSupport<Row> support;

        Builder(OutputFile file, WriteSupport<Row> support) {
            super(file);
            this.support = support;
        }

        @Override
        protected Builder self() {
            return this;
        }

        @Override
        protected WriteSupport<Row> getWriteSupport(Configuration conf) {
            return support;
        }
    }
}
