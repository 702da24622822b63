package org.deeplesion.jobs.categorize;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplesion.embed.ClusterAgreement;
import org.deeplesion.embed.CropGeometry;
import org.deeplesion.embed.EmbeddingNetwork;
import org.deeplesion.encoding.ModelFiles;
import org.deeplesion.jobs.lake.Lake;
import org.deeplesion.jobs.lake.LakeTable;
import org.deeplesion.jobs.lake.Reject;
import org.deeplesion.jobs.run.JobContext;
import org.deeplesion.jobs.run.JobRun;
import org.deeplesion.jobs.spark.RowValues;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Categorises lesions without labels (DeepLesion's unsupervised step): crops every lesion from its key slice and
 * interpolated neighbours, embeds the crops with a CNN on the executors, clusters the embeddings with MLlib k-means,
 * then alternates training the CNN on the clusters (parameter averaging over the executors) with re-embedding and
 * re-clustering until consecutive rounds agree. Writes {@code embeddings}, {@code pseudo_labels}, {@code rejects},
 * {@code runs} and a report.
 */
public final class CategorizeJob {

    private static final Logger LOG = LoggerFactory.getLogger(CategorizeJob.class);
    static final String STAGE = "categorize";

    private final SparkSession spark;
    private final CategorizeOptions options;
    private final JobContext context;
    private final Lake lake;

    public CategorizeJob(SparkSession spark, CategorizeOptions options) {
        this(spark, options, JobContext.system());
    }

    public CategorizeJob(SparkSession spark, CategorizeOptions options, JobContext context) {
        this.spark = requireNonNull(spark, "spark");
        this.options = requireNonNull(options, "options");
        this.context = requireNonNull(context, "context");
        this.lake = new Lake(spark, options.lake());
    }

    /** The lesions of the lake with a key slice that could be cropped, and those that could not, as rejects. */
    private record Cropped(Dataset<Row> keyed, Dataset<Row> crops, long count, List<Reject> rejects) {}

    /** The rounds run and the last round's clusters. */
    private record Refined(
            List<RoundResult> rounds,
            Clustering.Result last,
            Map<String, Integer> assignment,
            Map<Integer, Double> silhouetteByK) {

        int k() {
            return last.k();
        }
    }

    public CategorizeSummary run() throws IOException {
        try (JobRun run = JobRun.start(spark, lake, STAGE, context)) {
            return categorize(run);
        }
    }

    private CategorizeSummary categorize(JobRun run) throws IOException {
        run.step("count lesions");
        Dataset<Row> lesions = lake.read(LakeTable.LESIONS)
                .orElseThrow(() -> new IllegalArgumentException(
                        lake.path(LakeTable.LESIONS) + ": there is no lesions table; run mine first"));
        long lesionCount = lesions.count();
        if (lesionCount < options.largestK()) {
            throw new IllegalArgumentException(lake.path(LakeTable.LESIONS) + " has " + lesionCount + " lesions, "
                    + "fewer than the " + options.largestK() + " clusters asked for");
        }
        Dataset<Row> slices = lake.read(LakeTable.SLICES)
                .orElseThrow(() -> new IllegalArgumentException(
                        lake.path(LakeTable.SLICES) + ": there is no slices table; run ingest first"));
        ComputationGraph net = initialNetwork(options.geometry());
        run.step("true types");
        Map<String, String> trueTypes = TrueTypes.of(lesions, options.truth());
        Cropped cropped = crop(run, lesions, slices, lesionCount);
        List<Broadcast<byte[]>> models = new ArrayList<>();
        Refined refined = null;
        try {
            refined = refine(run, cropped.crops(), net, trueTypes, models);
            return finish(run, cropped, refined, trueTypes);
        } finally {
            if (refined != null) {
                refined.last().features().unpersist();
            }
            cropped.crops().unpersist();
            cropped.keyed().unpersist();
            models.forEach(Broadcast::destroy);
        }
    }

    /** Crops every lesion with a key slice in the lake; fails when fewer than the clusters asked for are left. */
    private Cropped crop(JobRun run, Dataset<Row> lesions, Dataset<Row> slices, long lesionCount) {
        run.step("crop lesions");
        Dataset<Row> keyed = keySlices(lesions, slices).persist(StorageLevel.MEMORY_AND_DISK());
        Dataset<Row> crops = crops(keyed.filter(col("key_position").isNotNull()), slices, options.geometry())
                .persist(StorageLevel.MEMORY_AND_DISK_SER());
        long count = crops.count();
        List<Reject> rejects = rejects(keyed, crops);
        LOG.info("categorize: {} of {} lesions cropped, {} rejected", count, lesionCount, rejects.size());
        if (count < options.largestK()) {
            keyed.unpersist();
            crops.unpersist();
            throw new IllegalArgumentException(lake.root() + ": only " + count + " lesions have pixels in the "
                    + "lake, fewer than the " + options.largestK() + " clusters asked for");
        }
        return new Cropped(keyed, crops, count, rejects);
    }

    /** One round's clusters, each lesion's cluster, and how long embedding and clustering took. */
    private record Round(
            Clustering.Result result, Map<String, Integer> assignment, double embedSeconds, double clusterSeconds) {}

    /**
     * Embeds, clusters and retrains until consecutive rounds agree or the rounds run out. k is chosen in round 1 and
     * kept, so that rounds are comparable.
     */
    private Refined refine(
            JobRun run,
            Dataset<Row> crops,
            ComputationGraph initial,
            Map<String, String> trueTypes,
            List<Broadcast<byte[]>> models) {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        ComputationGraph net = initial;
        List<RoundResult> rounds = new ArrayList<>();
        Map<String, Integer> previous = null;
        Round current = null;
        Map<Integer, Double> silhouetteByK = null;
        double trainSeconds = 0;
        for (int round = 1; round <= options.rounds(); round++) {
            current = embedAndCluster(run, jsc, crops, net, round, current == null ? null : current.result(), models);
            Clustering.Result result = current.result();
            silhouetteByK = silhouetteByK == null ? result.silhouetteByK() : silhouetteByK;
            double nmiPrevious = previous == null ? Double.NaN : agreement(previous, current.assignment());
            TruthAgreement truth = againstTruth(current.assignment(), trueTypes);
            RoundResult r = new RoundResult(
                    round,
                    result.k(),
                    result.silhouette(),
                    nmiPrevious,
                    truth.nmi(),
                    truth.purity(),
                    current.embedSeconds(),
                    current.clusterSeconds(),
                    trainSeconds);
            rounds.add(r);
            LOG.info(
                    "categorize round {}/{}: k={} silhouette {} NMI vs previous round {} vs true types {} purity {}",
                    round,
                    options.rounds(),
                    result.k(),
                    fmt(r.silhouette()),
                    fmt(nmiPrevious),
                    fmt(truth.nmi()),
                    fmt(truth.purity()));
            if (previous != null && nmiPrevious >= options.stopNmi()) {
                LOG.info(
                        "categorize: consecutive rounds agree (NMI {} >= {}), stopping",
                        fmt(nmiPrevious),
                        options.stopNmi());
                break;
            }
            previous = current.assignment();
            if (round < options.rounds()) {
                Instant t0 = run.now();
                run.step("round " + round + ": train");
                net = Refinement.train(
                        jsc,
                        net,
                        options.geometry(),
                        crops,
                        result.assignments(),
                        result.k(),
                        options.epochs(),
                        options.seed() + round,
                        "categorize round " + round,
                        run.context().progress());
                trainSeconds = run.secondsSince(t0);
            }
        }
        return new Refined(rounds, current.result(), current.assignment(), silhouetteByK);
    }

    /**
     * Embeds the crops with the network, appends the embeddings to the lake and clusters them, with the k of the
     * round before where there was one. The round's broadcast network goes into {@code models}: later rounds' plans
     * still reference its lineage, so it must outlive the loop.
     */
    private Round embedAndCluster(
            JobRun run,
            JavaSparkContext jsc,
            Dataset<Row> crops,
            ComputationGraph net,
            int round,
            Clustering.Result before,
            List<Broadcast<byte[]>> models) {
        Instant t0 = run.now();
        Broadcast<byte[]> model = jsc.broadcast(ModelFiles.toBytes(net));
        models.add(model);
        run.step("round " + round + ": embed");
        Dataset<Row> embeddings =
                embed(crops, model, options.geometry(), round, run.id()).persist(StorageLevel.MEMORY_AND_DISK());
        lake.append(LakeTable.EMBEDDINGS, embeddings);
        Instant t1 = run.now();
        if (before != null) {
            before.features().unpersist();
        }
        run.step("round " + round + ": cluster");
        Integer k = before == null ? options.k() : Integer.valueOf(before.k());
        Clustering.Result result = Clustering.cluster(embeddings, k, options.kMin(), options.kMax(), options.seed());
        Map<String, Integer> assignment = assignment(result.assignments());
        Instant t2 = run.now();
        embeddings.unpersist();
        return new Round(result, assignment, seconds(t0, t1), seconds(t1, t2));
    }

    /** Writes the pseudo labels, the rejects and the report, and records the run. */
    private CategorizeSummary finish(JobRun run, Cropped cropped, Refined refined, Map<String, String> trueTypes)
            throws IOException {
        run.step("write pseudo labels and rejects");
        int finalRound = refined.rounds().get(refined.rounds().size() - 1).round();
        lake.append(
                LakeTable.PSEUDO_LABELS,
                refined.last()
                        .assignments()
                        .withColumn("round", lit(finalRound))
                        .withColumn("run_id", lit(run.id()))
                        .select("lesion_id", "cluster", "distance", "round", "run_id"));
        Timestamp now = run.timestamp();
        if (!cropped.rejects().isEmpty()) {
            lake.insertNew(
                    LakeTable.REJECTS,
                    cropped.rejects().stream()
                            .map(r -> r.row(STAGE, run.id(), now))
                            .toList());
        }
        Map<Integer, Long> sizes = new TreeMap<>();
        refined.assignment().values().forEach(cluster -> sizes.merge(cluster, 1L, Long::sum));
        CategorizeReport report = new CategorizeReport(
                lake.reports(STAGE, run.id()), spark.sparkContext().hadoopConfiguration());
        CategorizeSummary summary = new CategorizeSummary(
                run.id(),
                cropped.count(),
                cropped.rejects().size(),
                refined.k(),
                refined.silhouetteByK(),
                refined.rounds(),
                sizes,
                report.dir(),
                run.seconds());
        run.step("write report");
        report.write(
                summary,
                refined.last(),
                refined.assignment(),
                cropped.crops(),
                options.geometry(),
                trueTypes,
                options.seed());
        return run.succeeded(summary, parameters());
    }

    /**
     * Embeds crops (lesion_id, crop) on the executors with the broadcast network, as {@code embeddings} rows. The
     * network goes over the wire once per executor, not once per task.
     */
    public static Dataset<Row> embed(
            Dataset<Row> crops, Broadcast<byte[]> model, CropGeometry geometry, int round, String runId) {
        return crops.sparkSession()
                .createDataFrame(
                        crops.toJavaRDD().mapPartitions(new EmbedPass(model, geometry, round, runId)),
                        LakeTable.EMBEDDINGS.schema());
    }

    /** Each lesion with its key slice's position and slice interval (null when the key slice is not in the lake). */
    private Dataset<Row> keySlices(Dataset<Row> lesions, Dataset<Row> slices) {
        Dataset<Row> keys = slices.select(
                col("sop_instance_uid"),
                col("frame_index"),
                col("position_mm").as("key_position"),
                coalesce(col("slice_interval_mm"), col("slice_thickness_mm"), lit(5.0))
                        .as("key_interval"));
        return lesions.select(
                        col("lesion_id"),
                        col("source"),
                        col("series_uid"),
                        col("sop_instance_uid"),
                        col("frame_index"),
                        col("box_x1").plus(col("box_x2")).divide(2).as("centre_x"),
                        col("box_y1").plus(col("box_y2")).divide(2).as("centre_y"))
                .join(keys, RowValues.array(List.of("sop_instance_uid", "frame_index")), "left");
    }

    /** One row per cropped lesion: lesion_id, crop (the network input as little-endian floats). */
    private Dataset<Row> crops(Dataset<Row> keyed, Dataset<Row> slices, CropGeometry geometry) {
        Dataset<Row> wanted = keyed.select(
                col("lesion_id"),
                col("series_uid").as("lesion_series"),
                col("key_position"),
                col("key_interval"),
                col("centre_x"),
                col("centre_y"));
        Dataset<Row> near = slices.select(
                        "series_uid",
                        "sop_instance_uid",
                        "position_mm",
                        "rows",
                        "columns",
                        "row_spacing_mm",
                        "column_spacing_mm",
                        "hu")
                .join(
                        broadcast(wanted),
                        col("series_uid")
                                .equalTo(col("lesion_series"))
                                .and(abs(col("position_mm").minus(col("key_position")))
                                        .leq(col("key_interval").plus(geometry.neighbourOffsetMm() + 0.01))));
        Dataset<Row> sliceCrops =
                spark.createDataFrame(near.toJavaRDD().mapPartitions(new CropPass(geometry)), CropPass.SCHEMA);
        Dataset<Row> grouped = sliceCrops
                .filter(col("crop").isNotNull())
                .groupBy("lesion_id", "key_position")
                .agg(collect_list(struct(col("position_mm"), col("crop"))).as("slices"));
        return spark.createDataFrame(grouped.toJavaRDD().mapPartitions(new StackPass(geometry)), StackPass.SCHEMA);
    }

    /** Lesions without a key slice in the lake, or whose slices could not be cropped. */
    private static List<Reject> rejects(Dataset<Row> keyed, Dataset<Row> crops) {
        List<Reject> out = new ArrayList<>();
        Dataset<Row> missing = keyed.filter(col("key_position").isNull())
                .select(
                        concat(col("source"), lit("#lesion="), col("lesion_id")).as("source"),
                        col("sop_instance_uid"),
                        col("frame_index"));
        for (Row r : missing.collectAsList()) {
            String source = r.getAs("source");
            out.add(Reject.of(
                    source,
                    "lesion " + source + ": key slice " + r.getAs("sop_instance_uid") + " frame "
                            + r.<Integer>getAs("frame_index") + " has no pixels in the lake's slices"));
        }
        Dataset<Row> uncropped = keyed.filter(col("key_position").isNotNull())
                .join(crops, keyed.col("lesion_id").equalTo(crops.col("lesion_id")), "left_anti")
                .select(concat(col("source"), lit("#lesion="), col("lesion_id")).as("source"));
        for (Row r : uncropped.collectAsList()) {
            String source = r.getAs("source");
            out.add(Reject.of(source, "lesion " + source + ": no slice near it could be cropped"));
        }
        return out;
    }

    private ComputationGraph initialNetwork(CropGeometry geometry) throws IOException {
        if (options.initModel() == null) {
            return EmbeddingNetwork.create(
                    geometry, options.embeddingSize(), Math.max(2, options.largestK()), options.seed());
        }
        Path path = new Path(options.initModel());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (InputStream in =
                path.getFileSystem(spark.sparkContext().hadoopConfiguration()).open(path)) {
            in.transferTo(bytes);
        }
        ComputationGraph net = ModelFiles.fromBytes(bytes.toByteArray(), options.initModel());
        try {
            EmbeddingNetwork.embed(net, geometry, new float[][] {new float[geometry.length()]});
        } catch (RuntimeException e) {
            // DL4J refuses input of the wrong shape with several unchecked types (DL4JInvalidInputException,
            // ND4JIllegalStateException among them): for a supplied model each means its file does not fit the crops.
            throw new IllegalArgumentException(
                    options.initModel() + ": the model does not embed crops of "
                            + geometry.channels() + " x " + geometry.sizePx() + " x " + geometry.sizePx() + ": "
                            + e.getMessage(),
                    e);
        }
        return net;
    }

    private static Map<String, Integer> assignment(Dataset<Row> assignments) {
        Map<String, Integer> out = new HashMap<>();
        for (Row r : assignments.select("lesion_id", "cluster").collectAsList()) {
            out.put(r.getAs("lesion_id"), r.<Integer>getAs("cluster"));
        }
        return out;
    }

    private static double agreement(Map<String, Integer> a, Map<String, Integer> b) {
        List<Integer> x = new ArrayList<>();
        List<Integer> y = new ArrayList<>();
        a.forEach((id, cluster) -> {
            Integer other = b.get(id);
            if (other != null) {
                x.add(cluster);
                y.add(other);
            }
        });
        return ClusterAgreement.nmi(x, y);
    }

    /** NMI and purity against the true types of the lesions that have one; NaN when none has. */
    static TruthAgreement againstTruth(Map<String, Integer> assignment, Map<String, String> trueTypes) {
        List<Integer> clusters = new ArrayList<>();
        List<String> types = new ArrayList<>();
        assignment.forEach((id, cluster) -> {
            String type = trueTypes.get(id);
            if (type != null) {
                clusters.add(cluster);
                types.add(type);
            }
        });
        if (clusters.isEmpty()) {
            return new TruthAgreement(Double.NaN, Double.NaN);
        }
        return new TruthAgreement(ClusterAgreement.nmi(clusters, types), ClusterAgreement.purity(clusters, types));
    }

    private Map<String, String> parameters() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("lake", options.lake());
        p.put(
                "k",
                options.k() == null
                        ? options.kMin() + ".." + options.kMax()
                        : options.k().toString());
        p.put("rounds", Integer.toString(options.rounds()));
        p.put("stop_nmi", Double.toString(options.stopNmi()));
        p.put("epochs", Integer.toString(options.epochs()));
        p.put("embedding_size", Integer.toString(options.embeddingSize()));
        p.put("seed", Long.toString(options.seed()));
        p.put("geometry", options.geometry().toString());
        if (options.initModel() != null) {
            p.put("init_model", options.initModel());
        }
        if (options.truth() != null) {
            p.put("truth", options.truth());
        }
        return p;
    }

    private static double seconds(Instant from, Instant to) {
        return Duration.between(from, to).toMillis() / 1000.0;
    }

    private static String fmt(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.3f", v);
    }
}
