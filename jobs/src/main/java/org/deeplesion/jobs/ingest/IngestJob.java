package org.deeplesion.jobs.ingest;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.unix_millis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
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
import org.deeplesion.jobs.lake.Reject;
import org.deeplesion.jobs.run.JobContext;
import org.deeplesion.jobs.run.JobRun;
import org.deeplesion.jobs.spark.Columns;
import org.deeplesion.jobs.spark.HadoopConf;
import org.deeplesion.jobs.spark.Partitions;
import org.deeplesion.jobs.spark.SparkProgress;
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
    private final JobContext context;
    private final Lake lake;
    private final JavaSparkContext jsc;
    private final HadoopConf conf;

    public IngestJob(SparkSession spark, IngestOptions options) {
        this(spark, options, JobContext.system());
    }

    public IngestJob(SparkSession spark, IngestOptions options, JobContext context) {
        this.spark = requireNonNull(spark, "spark");
        this.options = requireNonNull(options, "options");
        this.context = requireNonNull(context, "context");
        this.lake = new Lake(spark, options.lakeRoot());
        this.jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        this.conf = new HadoopConf(jsc.hadoopConfiguration());
    }

    /** The inputs sorted: DICOM folders, and DeepLesion releases with their CSV's geometry and problems. */
    private record Inputs(
            List<String> dicom,
            List<String> releaseImages,
            Map<String, DeepLesionRelease.SeriesGeometry> releaseGeometry,
            List<Reject> csvProblems) {}

    /** What the decode and PNG passes report back: slices decoded, and files rejected while decoding. */
    private record Decoding(LongAccumulator slices, CollectionAccumulator<Reject> rejects) {}

    public IngestSummary run() {
        try (JobRun run = JobRun.start(spark, lake, STAGE, context)) {
            return ingest(run);
        }
    }

    private IngestSummary ingest(JobRun run) {
        Inputs inputs = inputs();
        Configuration hadoop = jsc.hadoopConfiguration();
        List<SourceFile> listed = ArchiveListing.list(hadoop, inputs.dicom());
        List<SourceFile> pngs = ArchiveListing.list(hadoop, inputs.releaseImages()).stream()
                .filter(f -> f.uri().endsWith(".png"))
                .toList();
        List<SourceFile> fresh = notYetSeen(listed);
        List<SourceFile> freshPngs = notYetSeen(pngs);
        LOG.info(
                "ingest {}: {} DICOM files listed, {} not seen before; {} DeepLesion PNG slices, {} not seen before",
                run.id(),
                listed.size(),
                fresh.size(),
                pngs.size(),
                freshPngs.size());

        List<Header> headers = readHeaders(run, fresh);
        Map<String, Long> kinds = countByKind(headers);
        LOG.info("ingest {}: headers read in {} s: {}", run.id(), run.elapsed(), kinds);
        Decoding decoding = new Decoding(
                spark.sparkContext().longAccumulator("slices"),
                spark.sparkContext().collectionAccumulator("rejects"));
        long committed = decodeSlices(run, headers, decoding);
        committed += releasePngs(run, freshPngs, inputs.releaseGeometry(), decoding);
        List<Reject> failures = new ArrayList<>(decoding.rejects().value());
        failures.addAll(inputs.csvProblems());
        long rejects = objectsAndRejects(run, headers, failures);

        IngestSummary summary = new IngestSummary(
                run.id(),
                listed.size() + pngs.size(),
                listed.size() - fresh.size() + pngs.size() - freshPngs.size(),
                committed,
                kinds.getOrDefault("object", 0L),
                rejects,
                kinds.getOrDefault("skipped", 0L),
                run.seconds());
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("inputs", String.join(",", options.inputs()));
        parameters.put("lake", options.lakeRoot());
        parameters.put("replace_uids", Boolean.toString(options.replaceUids()));
        return run.succeeded(summary, parameters);
    }

    private Inputs inputs() {
        Configuration hadoop = jsc.hadoopConfiguration();
        List<String> dicom = new ArrayList<>();
        List<String> releaseImages = new ArrayList<>();
        Map<String, DeepLesionRelease.SeriesGeometry> geometry = new HashMap<>();
        List<Reject> problems = new ArrayList<>();
        for (String input : options.inputs()) {
            try {
                if (DeepLesionRelease.isRelease(hadoop, input)) {
                    DeepLesionRelease.Info info = DeepLesionRelease.read(hadoop, input);
                    geometry.putAll(info.geometry());
                    info.problems().forEach(p -> problems.add(Reject.of(p.source() + ":" + p.line(), p.getMessage())));
                    releaseImages.add(input + "/" + DlSeriesKey.IMAGES_FOLDER);
                } else {
                    dicom.add(input);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read input " + input + ": " + e.getMessage(), e);
            }
        }
        return new Inputs(dicom, releaseImages, geometry, problems);
    }

    /** One small header per file (per frame of a slice): the driver de-duplicates and orders them without a shuffle. */
    private List<Header> readHeaders(JobRun run, List<SourceFile> fresh) {
        run.step("read headers of " + fresh.size() + " files");
        int partitions = Partitions.forItems(jsc, fresh.size(), options.filesPerTask(), 4);
        LongAccumulator filesRead = spark.sparkContext().longAccumulator("files read");
        try (SparkProgress shown = run.progress(filesRead, "ingest headers", "files", fresh.size())) {
            return jsc.parallelize(fresh, partitions)
                    .mapPartitions(new HeaderPass(
                            conf, options.secret(), options.replaceUids(), options.maxValueLength(), filesRead))
                    .collect();
        }
    }

    /** Decodes the new slices' pixels into {@code slices}; returns the rows committed. */
    private long decodeSlices(JobRun run, List<Header> headers, Decoding decoding) {
        List<SliceSelection.Slice> fresh = new ArrayList<>();
        for (Header h : headers) {
            if (h instanceof Header.Slice slice) {
                fresh.add(slice.place());
            }
        }
        List<SelectedFile> toDecode = SliceSelection.decodeInput(fresh, slicesInLake(headers));
        LOG.info("ingest {}: {} files to decode, selected at {} s", run.id(), toDecode.size(), run.elapsed());
        run.step("decode pixels");
        int tasks = Partitions.forItems(jsc, toDecode.size(), options.filesPerTask(), 8);
        long total = toDecode.stream().mapToLong(SelectedFile::frames).sum();
        long committed = 0;
        // Counts decoded slices: files rejected while decoding leave the last line short of the total.
        try (SparkProgress shown = run.progress(decoding.slices(), "ingest decode", "slices", total)) {
            // Nothing to decode writes nothing: an empty append would still be a Delta commit, and a refresh
            // with nothing new must leave every table at its version.
            if (!toDecode.isEmpty()) {
                committed = lake.insertNew(
                                LakeTable.SLICES,
                                jsc.parallelize(toDecode, tasks)
                                        .mapPartitions(new DecodePass(
                                                conf,
                                                options.secret(),
                                                options.replaceUids(),
                                                options.maxValueLength(),
                                                run.id(),
                                                decoding.rejects(),
                                                decoding.slices())))
                        .rows();
            }
        }
        LOG.info(
                "ingest {}: {} slices decoded, {} committed at {} s",
                run.id(),
                decoding.slices().value(),
                committed,
                run.elapsed());
        return committed;
    }

    /** Decodes the release's PNG slices that the lake does not have yet; returns the rows committed. */
    private long releasePngs(
            JobRun run,
            List<SourceFile> freshPngs,
            Map<String, DeepLesionRelease.SeriesGeometry> geometry,
            Decoding decoding) {
        List<SourceFile> newPngs = freshPngs.isEmpty() ? List.of() : pngsNotInLake(freshPngs);
        if (newPngs.isEmpty()) {
            return 0;
        }
        run.step("DeepLesion PNG slices");
        int tasks = Partitions.forItems(jsc, newPngs.size(), options.filesPerTask(), 8);
        return lake.insertNew(
                        LakeTable.SLICES,
                        jsc.parallelize(newPngs, tasks)
                                .mapPartitions(new PngPass(
                                        conf,
                                        options.secret(),
                                        geometry,
                                        run.id(),
                                        decoding.rejects(),
                                        decoding.slices())))
                .rows();
    }

    /** Writes the annotation objects and every reject of the run; returns the number of rejects. */
    private long objectsAndRejects(JobRun run, List<Header> headers, List<Reject> failures) {
        run.step("objects and rejects");
        List<Row> objects = new ArrayList<>();
        List<Reject> rejects = new ArrayList<>();
        for (Header h : headers) {
            if (h instanceof Header.Annotation annotation) {
                objects.add(annotation.row(run.id()));
            } else if (h instanceof Header.Rejected rejected) {
                rejects.add(rejected.reject());
            } else if (h instanceof Header.Skipped skipped) {
                LOG.debug("ingest {}: skipped {}: {}", run.id(), skipped.source(), skipped.reason());
            }
        }
        rejects.addAll(failures);
        if (!objects.isEmpty()) {
            lake.insertNew(LakeTable.OBJECTS, objects);
        }
        if (!rejects.isEmpty()) {
            List<Row> rows = new ArrayList<>(rejects.size());
            for (Reject r : rejects) {
                rows.add(r.row(STAGE, run.id(), run.timestamp()));
            }
            lake.insertNew(LakeTable.REJECTS, rows);
        }
        LOG.info("ingest {}: objects and rejects committed at {} s", run.id(), run.elapsed());
        return rejects.size();
    }

    /** Files whose URI, size and modification time are not yet recorded in slices, objects or rejects. */
    private List<SourceFile> notYetSeen(List<SourceFile> listed) {
        if (listed.isEmpty()) {
            return listed;
        }
        StructType schema = new StructType()
                .add("source", DataTypes.StringType)
                .add("source_size", DataTypes.LongType)
                .add("source_modified", DataTypes.LongType);
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
            seen = seen.select(
                            col("source"),
                            col("source_size"),
                            unix_millis(col("source_modified")).as("source_modified"))
                    .distinct();
            known = known == null ? seen : known.union(seen);
        }
        if (known == null) {
            return listed;
        }
        List<Row> fresh = spark.createDataFrame(rows, schema)
                .join(known, Columns.seq("source", "source_size", "source_modified"), "left_anti")
                .orderBy("source")
                .collectAsList();
        return fresh.stream().map(IngestJob::sourceFile).toList();
    }

    /** The source file of a row with {@code source}, {@code source_size} and {@code source_modified} (epoch ms). */
    private static SourceFile sourceFile(Row r) {
        return new SourceFile(r.getAs("source"), r.<Long>getAs("source_size"), r.<Long>getAs("source_modified"));
    }

    /** Slices already in the lake for the series that new slices belong to (keys and positions only). */
    private List<SliceSelection.Slice> slicesInLake(List<Header> headers) {
        Object[] series = headers.stream()
                .filter(h -> h instanceof Header.Slice)
                .map(h -> ((Header.Slice) h).seriesUid())
                .distinct()
                .toArray();
        if (series.length == 0 || !lake.exists(LakeTable.SLICES)) {
            return List.of();
        }
        return lake
                .read(LakeTable.SLICES)
                .orElseThrow()
                .filter(col("series_uid").isin(series))
                .select("study_uid", "series_uid", "sop_instance_uid", "frame_index", "instance_number", "position_mm")
                .collectAsList()
                .stream()
                .map(SliceSelection.Slice::inLake)
                .toList();
    }

    /**
     * PNG slices whose derived SOP Instance UID is not in the lake yet: the UID comes from the path, so a release
     * copied to a second location is not ingested twice.
     */
    private List<SourceFile> pngsNotInLake(List<SourceFile> pngs) {
        if (!lake.exists(LakeTable.SLICES)) {
            return pngs;
        }
        StructType schema = new StructType()
                .add("sop_instance_uid", DataTypes.StringType)
                .add("source", DataTypes.StringType)
                .add("source_size", DataTypes.LongType)
                .add("source_modified", DataTypes.LongType);
        List<Row> rows = new ArrayList<>(pngs.size());
        for (SourceFile f : pngs) {
            Path path = new Path(f.uri());
            String uid;
            try {
                uid = DeepLesionUids.slice(
                        DlSeriesKey.parseFolderName(path.getParent().getName()),
                        Integer.parseInt(path.getName().replace(".png", "")));
            } catch (IllegalArgumentException badName) {
                uid = null; // decoded anyway, so that the PNG pass records the reason
            }
            rows.add(RowFactory.create(uid, f.uri(), f.size(), f.modified()));
        }
        return spark
                .createDataFrame(rows, schema)
                .join(
                        lake.readOrEmpty(LakeTable.SLICES).select("sop_instance_uid"),
                        Columns.seq("sop_instance_uid"),
                        "left_anti")
                .collectAsList()
                .stream()
                .map(IngestJob::sourceFile)
                .toList();
    }

    private static Map<String, Long> countByKind(List<Header> headers) {
        Map<String, Long> out = new TreeMap<>();
        for (Header h : headers) {
            out.merge(h.kind(), 1L, Long::sum);
        }
        return out;
    }
}
