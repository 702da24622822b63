package org.deeplesion.jobs.ingest;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.current_timestamp;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.lag;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.timestamp_millis;
import static org.apache.spark.sql.functions.unix_millis;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.CollectionAccumulator;
import org.apache.spark.util.LongAccumulator;
import org.deeplesion.deeplesion.DeepLesionUids;
import org.deeplesion.deeplesion.DlSeriesKey;
import org.deeplesion.jobs.lake.Lake;
import org.deeplesion.jobs.lake.LakeTable;
import org.deeplesion.jobs.lake.RunLog;
import org.deeplesion.jobs.spark.Columns;
import org.deeplesion.jobs.spark.HadoopConf;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes a DICOM archive into the lake's {@code slices}, {@code objects} and {@code rejects} tables.
 *
 * <p>Idempotent: files already in the lake (same URI, size and modification time) are not read again, and
 * instances already in {@code slices} are not written again, so a re-run over the same or a larger archive adds
 * exactly what is new. Every table write is one atomic Delta commit; slices are written first, so a run killed at
 * any point leaves nothing half-written and the next run completes it.
 */
public final class IngestJob {

    private static final Logger LOG = LoggerFactory.getLogger(IngestJob.class);
    static final String STAGE = "ingest";

    private final SparkSession spark;
    private final IngestOptions options;

    public IngestJob(SparkSession spark, IngestOptions options) {
        this.spark = spark;
        this.options = options;
    }

    public IngestSummary run() {
        Instant started = Instant.now();
        String runId = UUID.randomUUID().toString();
        Lake lake = new Lake(spark, options.lakeRoot());
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        HadoopConf conf = new HadoopConf(jsc.hadoopConfiguration());

        List<String> dicomInputs = new ArrayList<>();
        Map<String, DeepLesionRelease.SeriesGeometry> releaseGeometry = new HashMap<>();
        List<String> releaseImages = new ArrayList<>();
        for (String input : options.inputs()) {
            try {
                if (DeepLesionRelease.isRelease(jsc.hadoopConfiguration(), input)) {
                    releaseGeometry.putAll(DeepLesionRelease.geometry(jsc.hadoopConfiguration(), input));
                    releaseImages.add(input + "/" + DlSeriesKey.IMAGES_FOLDER);
                } else {
                    dicomInputs.add(input);
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("cannot read input " + input + ": " + e.getMessage(), e);
            }
        }
        List<SourceFile> listed = ArchiveListing.list(jsc.hadoopConfiguration(), dicomInputs);
        List<SourceFile> pngs = ArchiveListing.list(jsc.hadoopConfiguration(), releaseImages).stream()
                .filter(f -> f.uri().endsWith(".png")).toList();
        List<SourceFile> fresh = notYetSeen(lake, listed);
        List<SourceFile> freshPngs = notYetSeen(lake, pngs);
        LOG.info("ingest {}: {} DICOM files listed, {} not seen before; {} DeepLesion PNG slices, {} not seen before",
                runId, listed.size(), fresh.size(), pngs.size(), freshPngs.size());

        int partitions = Math.max(1, Math.min(Math.max(jsc.defaultParallelism(), 1) * 4,
                (fresh.size() + options.filesPerTask() - 1) / options.filesPerTask()));
        spark.sparkContext().setJobGroup(runId, "ingest: read headers of " + fresh.size() + " files", false);
        JavaRDD<SourceFile> files = jsc.parallelize(fresh, partitions);
        Dataset<Row> headers = spark.createDataFrame(
                files.mapPartitions(new HeaderPass(conf, options.secret(), options.replaceUids(),
                        options.maxValueLength())), HeaderPass.SCHEMA)
                .persist(StorageLevel.MEMORY_AND_DISK());
        try {
            Map<String, Long> kinds = countByKind(headers);

            CollectionAccumulator<String> decodeRejects = spark.sparkContext().collectionAccumulator("rejects");
            LongAccumulator sliceCount = spark.sparkContext().longAccumulator("slices");
            Dataset<Row> toDecode = selectNewSlices(lake, headers);
            spark.sparkContext().setJobGroup(runId, "ingest: decode pixels", false);
            Dataset<Row> slices = spark.createDataFrame(toDecode.javaRDD().mapPartitions(
                    new DecodePass(conf, options.secret(), options.replaceUids(), options.maxValueLength(), runId,
                            decodeRejects, sliceCount)), LakeTable.SLICES.schema());
            lake.append(LakeTable.SLICES, slices);
            if (!freshPngs.isEmpty()) {
                spark.sparkContext().setJobGroup(runId, "ingest: DeepLesion PNG slices", false);
                List<SourceFile> newPngs = pngsNotInLake(lake, freshPngs);
                JavaRDD<SourceFile> pngFiles = jsc.parallelize(newPngs, Math.max(1, Math.min(
                        jsc.defaultParallelism() * 4, newPngs.size() / options.filesPerTask() + 1)));
                lake.append(LakeTable.SLICES, spark.createDataFrame(pngFiles.mapPartitions(new PngPass(conf,
                        options.secret(), releaseGeometry, runId, decodeRejects, sliceCount)),
                        LakeTable.SLICES.schema()));
            }

            spark.sparkContext().setJobGroup(runId, "ingest: objects and rejects", false);
            Dataset<Row> objects = headers.filter(col("kind").equalTo(HeaderPass.OBJECT)).select(
                    col("sop_class_uid"), col("sop_class_name"), col("patient_key"),
                    col("study_uid"), col("series_uid"), col("sop_instance_uid"),
                    col("referenced").as("referenced_sop_instance_uids"), col("source"), col("source_size"),
                    timestamp_millis(col("source_modified")).as("source_modified"), lit(runId).as("run_id"));
            lake.insertNew(LakeTable.OBJECTS, objects);

            Dataset<Row> rejects = headers.filter(col("kind").equalTo(HeaderPass.REJECTED))
                    .select(col("source"), col("reason"), col("source_size"), col("source_modified"))
                    .unionByName(decodeRejectRows(decodeRejects.value()));
            long rejectCount = rejects.count();
            lake.insertNew(LakeTable.REJECTS, rejects.select(col("source"), lit(STAGE).as("stage"), col("reason"),
                    col("source_size"), timestamp_millis(col("source_modified")).as("source_modified"),
                    lit(runId).as("run_id"), current_timestamp().as("rejected_at")));

            double seconds = Duration.between(started, Instant.now()).toMillis() / 1000.0;
            IngestSummary summary = new IngestSummary(runId, listed.size() + pngs.size(),
                    listed.size() - fresh.size() + pngs.size() - freshPngs.size(),
                    sliceCount.value(), kinds.getOrDefault(HeaderPass.OBJECT, 0L), rejectCount,
                    kinds.getOrDefault(HeaderPass.SKIPPED, 0L), seconds);
            Map<String, String> parameters = new LinkedHashMap<>();
            parameters.put("inputs", String.join(",", options.inputs()));
            parameters.put("lake", options.lakeRoot());
            parameters.put("replace_uids", Boolean.toString(options.replaceUids()));
            RunLog.record(lake, runId, STAGE, "succeeded", started, parameters,
                    Map.of("files_listed", summary.filesListed(), "already_ingested", summary.alreadyIngested(),
                            "slices", summary.slices(), "objects", summary.objects(), "rejects", summary.rejects(),
                            "skipped", summary.skipped()),
                    Map.of("slices_per_s", summary.slicesPerSecond(), "seconds", seconds));
            return summary;
        } finally {
            headers.unpersist();
            spark.sparkContext().clearJobGroup();
        }
    }

    /** Files whose URI, size and modification time are not yet recorded in slices, objects or rejects. */
    private List<SourceFile> notYetSeen(Lake lake, List<SourceFile> listed) {
        if (listed.isEmpty()) {
            return listed;
        }
        StructType schema = new StructType().add("source", DataTypes.StringType)
                .add("source_size", DataTypes.LongType).add("source_modified", DataTypes.LongType);
        List<Row> rows = new ArrayList<>(listed.size());
        for (SourceFile f : listed) {
            rows.add(RowFactory.create(f.uri(), f.size(), f.modified()));
        }
        Dataset<Row> known = null;
        for (LakeTable t : List.of(LakeTable.SLICES, LakeTable.OBJECTS, LakeTable.REJECTS)) {
            var table = lake.read(t);
            if (table.isEmpty()) {
                continue;
            }
            Dataset<Row> seen = table.get();
            if (t == LakeTable.REJECTS) {
                seen = seen.filter(col("stage").equalTo(STAGE));
            }
            seen = seen.select(col("source"), col("source_size"),
                    unix_millis(col("source_modified")).as("source_modified")).distinct();
            known = known == null ? seen : known.union(seen);
        }
        if (known == null) {
            return listed;
        }
        List<Row> fresh = spark.createDataFrame(rows, schema)
                .join(known, Columns.seq("source", "source_size", "source_modified"), "left_anti")
                .orderBy("source").collectAsList();
        List<SourceFile> out = new ArrayList<>(fresh.size());
        for (Row r : fresh) {
            out.add(new SourceFile(r.getString(0), r.getLong(1), r.getLong(2)));
        }
        return out;
    }

    /**
     * Slices to decode: one per SOP instance and frame (the first file if an instance appears twice), not already
     * in the lake, with their index within the series and the series' slice interval (the median spacing between
     * neighbouring positions), computed over the lake's and the new slices together. Slices are indexed in spatial
     * order, in the direction in which instance numbers grow when the series has them (a head-first series keeps
     * instance 1 as index 0). Indices are fixed before pixels are decoded, so a slice rejected at decoding leaves
     * a gap in its series rather than shifting its neighbours.
     */
    private Dataset<Row> selectNewSlices(Lake lake, Dataset<Row> headers) {
        WindowSpec byInstance = Window.partitionBy("sop_instance_uid", "frame_index").orderBy("source");
        Dataset<Row> candidates = headers.filter(col("kind").equalTo(HeaderPass.SLICE))
                .withColumn("n", row_number().over(byInstance)).filter(col("n").equalTo(1)).drop("n");
        Dataset<Row> existing = lake.readOrEmpty(LakeTable.SLICES)
                .select("series_uid", "sop_instance_uid", "frame_index", "instance_number", "position_mm");
        Dataset<Row> fresh = candidates.join(existing.select("sop_instance_uid", "frame_index"),
                Columns.seq("sop_instance_uid", "frame_index"), "left_anti");
        Dataset<Row> all = fresh.select(col("series_uid"), col("sop_instance_uid"), col("frame_index"),
                        col("instance_number"), col("position_mm"), col("source"), col("source_size"),
                        col("source_modified"))
                .unionByName(existing.withColumn("source", lit(null).cast("string"))
                        .withColumn("source_size", lit(null).cast("long"))
                        .withColumn("source_modified", lit(null).cast("long")));
        Dataset<Row> direction = all.groupBy("series_uid")
                .agg(expr("coalesce(if(corr(instance_number, position_mm) < 0, -1.0, 1.0), 1.0)").as("direction"));
        WindowSpec bySeries = Window.partitionBy("series_uid").orderBy("spatial", "sop_instance_uid", "frame_index");
        Dataset<Row> ordered = all.join(direction, Columns.seq("series_uid"))
                .withColumn("spatial", col("position_mm").multiply(col("direction")))
                .withColumn("slice_index", row_number().over(bySeries).minus(1))
                .withColumn("step", abs(col("spatial").minus(lag("spatial", 1).over(bySeries))));
        Dataset<Row> intervals = ordered.filter(col("step").gt(1e-3)).groupBy("series_uid")
                .agg(expr("percentile_approx(step, 0.5)").as("slice_interval"));
        return ordered.filter(col("source").isNotNull()).join(intervals, Columns.seq("series_uid"), "left")
                .groupBy("source", "source_size", "source_modified")
                .agg(collect_list(struct(col("frame_index"), col("slice_index"))).as("frames"),
                        first("slice_interval").as("slice_interval"))
                .repartitionByRange(Math.max(1, spark.sparkContext().defaultParallelism() * 2), col("source"))
                .select("source", "source_size", "source_modified", "frames", "slice_interval");
    }

    /**
     * PNG slices whose derived SOP Instance UID is not in the lake yet: the UID comes from the path, so a release
     * copied to a second location is not ingested twice.
     */
    private List<SourceFile> pngsNotInLake(Lake lake, List<SourceFile> pngs) {
        if (!lake.exists(LakeTable.SLICES)) {
            return pngs;
        }
        StructType schema = new StructType().add("sop_instance_uid", DataTypes.StringType)
                .add("source", DataTypes.StringType).add("source_size", DataTypes.LongType)
                .add("source_modified", DataTypes.LongType);
        List<Row> rows = new ArrayList<>(pngs.size());
        for (SourceFile f : pngs) {
            org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(f.uri());
            String uid;
            try {
                uid = DeepLesionUids.slice(DlSeriesKey.parseFolderName(path.getParent().getName()),
                        Integer.parseInt(path.getName().replace(".png", "")));
            } catch (IllegalArgumentException badName) {
                uid = null; // decoded anyway, so that the PNG pass records the reason
            }
            rows.add(RowFactory.create(uid, f.uri(), f.size(), f.modified()));
        }
        List<SourceFile> out = new ArrayList<>();
        for (Row r : spark.createDataFrame(rows, schema).join(lake.readOrEmpty(LakeTable.SLICES)
                .select("sop_instance_uid"), Columns.seq("sop_instance_uid"), "left_anti").collectAsList()) {
            out.add(new SourceFile(r.getString(1), r.getLong(2), r.getLong(3)));
        }
        return out;
    }

    private static Map<String, Long> countByKind(Dataset<Row> headers) {
        Map<String, Long> out = new HashMap<>();
        for (Row r : headers.groupBy("kind").count().collectAsList()) {
            out.put(r.getString(0), r.getLong(1));
        }
        return out;
    }

    private Dataset<Row> decodeRejectRows(List<String> rejects) {
        StructType schema = new StructType().add("source", DataTypes.StringType).add("reason", DataTypes.StringType)
                .add("source_size", DataTypes.LongType).add("source_modified", DataTypes.LongType);
        List<Row> rows = new ArrayList<>();
        for (String r : rejects) {
            String[] p = r.split("\t", 4);
            rows.add(RowFactory.create(p[0], p[3], Long.parseLong(p[1]), Long.parseLong(p[2])));
        }
        return spark.createDataFrame(rows, schema);
    }
}
