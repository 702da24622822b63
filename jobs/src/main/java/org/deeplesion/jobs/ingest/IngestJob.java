package org.deeplesion.jobs.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.unix_millis;

import java.sql.Timestamp;
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
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.CollectionAccumulator;
import org.apache.spark.util.LongAccumulator;
import org.deeplesion.jobs.lake.Lake;
import org.deeplesion.jobs.lake.LakeTable;
import org.deeplesion.jobs.lake.Rejects;
import org.deeplesion.jobs.lake.RunLog;
import org.deeplesion.jobs.spark.Columns;
import org.deeplesion.jobs.spark.HadoopConf;
import org.deeplesion.jobs.spark.Partitions;
import org.deeplesion.jobs.spark.SparkProgress;
import org.deeplesion.progress.ProgressOutput;
import org.deeplesion.release.DeepLesionUids;
import org.deeplesion.release.DlSeriesKey;
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
    private final ProgressOutput progress;

    public IngestJob(SparkSession spark, IngestOptions options) {
        this(spark, options, ProgressOutput.standard(LOG::info));
    }

    IngestJob(SparkSession spark, IngestOptions options, ProgressOutput progress) {
        this.spark = spark;
        this.options = options;
        this.progress = progress;
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
        List<String> csvProblems = new ArrayList<>();
        for (String input : options.inputs()) {
            try {
                if (DeepLesionRelease.isRelease(jsc.hadoopConfiguration(), input)) {
                    DeepLesionRelease.Info info = DeepLesionRelease.read(jsc.hadoopConfiguration(), input);
                    releaseGeometry.putAll(info.geometry());
                    info.problems().forEach(p -> csvProblems.add(Rejects.encode(p.source() + ":" + p.line(),
                            p.getMessage())));
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

        int partitions = Partitions.forItems(jsc, fresh.size(), options.filesPerTask(), 4);
        spark.sparkContext().setJobGroup(runId, "ingest: read headers of " + fresh.size() + " files", false);
        try {
            LongAccumulator filesRead = spark.sparkContext().longAccumulator("files read");
            List<Row> headers;
            try (SparkProgress shown = SparkProgress.start(spark.sparkContext(), filesRead, "ingest headers",
                    "files", fresh.size(), progress)) {
                // One small record per file: the driver de-duplicates and orders them without a shuffle.
                headers = jsc.parallelize(fresh, partitions).mapPartitions(new HeaderPass(conf,
                        options.secret(), options.replaceUids(), options.maxValueLength(), filesRead)).collect();
            }
            Map<String, Long> kinds = countByKind(headers);
            LOG.info("ingest {}: headers read in {} s: {}", runId, since(started), kinds);

            CollectionAccumulator<String> decodeRejects = spark.sparkContext().collectionAccumulator("rejects");
            LongAccumulator sliceCount = spark.sparkContext().longAccumulator("slices");
            List<Row> toDecode = SliceSelection.decodeInput(newSlices(headers), slicesInLake(lake, headers));
            LOG.info("ingest {}: {} files to decode, selected at {} s", runId, toDecode.size(), since(started));
            spark.sparkContext().setJobGroup(runId, "ingest: decode pixels", false);
            int decodeTasks = Partitions.forItems(jsc, toDecode.size(), options.filesPerTask(), 8);
            long committed = 0;
            // Counts decoded slices: files rejected while decoding leave the last line short of the total.
            try (SparkProgress decoding = SparkProgress.start(spark.sparkContext(), sliceCount, "ingest decode",
                    "slices", toDecode.stream().mapToLong(r -> r.getList(3).size()).sum(), progress)) {
                // Nothing to decode writes nothing: an empty append would still be a Delta commit, and a refresh
                // with nothing new must leave every table at its version.
                if (!toDecode.isEmpty()) {
                    committed += lake.insertNew(LakeTable.SLICES, jsc.parallelize(toDecode, decodeTasks)
                            .mapPartitions(new DecodePass(conf, options.secret(), options.replaceUids(),
                                    options.maxValueLength(), runId, decodeRejects, sliceCount))).rows();
                }
            }
            LOG.info("ingest {}: {} slices decoded, {} committed at {} s", runId, sliceCount.value(), committed,
                    since(started));
            List<SourceFile> newPngs = freshPngs.isEmpty() ? List.of() : pngsNotInLake(lake, freshPngs);
            if (!newPngs.isEmpty()) {
                spark.sparkContext().setJobGroup(runId, "ingest: DeepLesion PNG slices", false);
                JavaRDD<SourceFile> pngFiles = jsc.parallelize(newPngs,
                        Partitions.forItems(jsc, newPngs.size(), options.filesPerTask(), 8));
                committed += lake.insertNew(LakeTable.SLICES, pngFiles.mapPartitions(new PngPass(conf,
                        options.secret(), releaseGeometry, runId, decodeRejects, sliceCount))).rows();
            }

            spark.sparkContext().setJobGroup(runId, "ingest: objects and rejects", false);
            List<Row> objects = new ArrayList<>();
            List<Row> rejects = new ArrayList<>();
            Timestamp now = Timestamp.from(Instant.now());
            for (Row h : headers) {
                String kind = h.getString(0);
                Timestamp modified = new Timestamp(h.getLong(3));
                if (kind.equals(HeaderPass.OBJECT)) {
                    objects.add(RowFactory.create(HeaderPass.get(h, "sop_class_uid"),
                            HeaderPass.get(h, "sop_class_name"), HeaderPass.get(h, "patient_key"),
                            HeaderPass.get(h, "study_uid"), HeaderPass.get(h, "series_uid"),
                            HeaderPass.get(h, "sop_instance_uid"), HeaderPass.get(h, "referenced"), h.getString(1),
                            h.getLong(2), modified, runId));
                } else if (kind.equals(HeaderPass.REJECTED)) {
                    rejects.add(Rejects.row(Rejects.encode(h.getString(1), h.getLong(2), h.getLong(3),
                            HeaderPass.get(h, "reason")), STAGE, runId, now));
                }
            }
            List<String> failures = new ArrayList<>(decodeRejects.value());
            failures.addAll(csvProblems);
            for (String r : failures) {
                rejects.add(Rejects.row(r, STAGE, runId, now));
            }
            if (!objects.isEmpty()) {
                lake.insertNew(LakeTable.OBJECTS, objects);
            }
            if (!rejects.isEmpty()) {
                lake.insertNew(LakeTable.REJECTS, rejects);
            }
            long rejectCount = rejects.size();
            LOG.info("ingest {}: objects and rejects committed at {} s", runId, since(started));
            double seconds = Duration.between(started, Instant.now()).toMillis() / 1000.0;
            IngestSummary summary = new IngestSummary(runId, listed.size() + pngs.size(),
                    listed.size() - fresh.size() + pngs.size() - freshPngs.size(),
                    committed, kinds.getOrDefault(HeaderPass.OBJECT, 0L), rejectCount,
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
            spark.sparkContext().clearJobGroup();
        }
    }

    private static String since(Instant started) {
        return String.format(java.util.Locale.ROOT, "%.1f",
                Duration.between(started, Instant.now()).toMillis() / 1000.0);
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

    private static List<SliceSelection.Slice> newSlices(List<Row> headers) {
        List<SliceSelection.Slice> out = new ArrayList<>();
        for (Row h : headers) {
            if (h.getString(0).equals(HeaderPass.SLICE)) {
                out.add(new SliceSelection.Slice(HeaderPass.get(h, "study_uid"), HeaderPass.get(h, "series_uid"),
                        HeaderPass.get(h, "sop_instance_uid"), HeaderPass.get(h, "frame_index"),
                        HeaderPass.get(h, "instance_number"), HeaderPass.get(h, "position_mm"),
                        new SourceFile(h.getString(1), h.getLong(2), h.getLong(3))));
            }
        }
        return out;
    }

    /** Slices already in the lake for the series that new slices belong to (keys and positions only). */
    private static List<SliceSelection.Slice> slicesInLake(Lake lake, List<Row> headers) {
        Object[] series = headers.stream().filter(h -> h.getString(0).equals(HeaderPass.SLICE))
                .map(h -> HeaderPass.get(h, "series_uid")).distinct().toArray();
        if (series.length == 0 || !lake.exists(LakeTable.SLICES)) {
            return List.of();
        }
        List<SliceSelection.Slice> out = new ArrayList<>();
        for (Row r : lake.read(LakeTable.SLICES).orElseThrow().filter(col("series_uid").isin(series))
                .select("study_uid", "series_uid", "sop_instance_uid", "frame_index", "instance_number", "position_mm")
                .collectAsList()) {
            out.add(new SliceSelection.Slice(r.getString(0), r.getString(1), r.getString(2), r.getInt(3),
                    r.isNullAt(4) ? null : r.getInt(4), r.getDouble(5), null));
        }
        return out;
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

    private static Map<String, Long> countByKind(List<Row> headers) {
        Map<String, Long> out = new java.util.TreeMap<>();
        for (Row h : headers) {
            out.merge(h.getString(0), 1L, Long::sum);
        }
        return out;
    }

}
