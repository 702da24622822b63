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
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
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
import org.deeplesion.jobs.lake.Rejects;
import org.deeplesion.jobs.lake.RunLog;
import org.deeplesion.jobs.spark.RowValues;
import org.deeplesion.progress.ProgressOutput;
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
    private final Lake lake;

    public CategorizeJob(SparkSession spark, CategorizeOptions options) {
        this.spark = requireNonNull(spark, "spark");
        this.options = requireNonNull(options, "options");
        this.lake = new Lake(spark, options.lake());
    }

    public CategorizeSummary run() throws IOException {
        Instant started = Instant.now();
        String runId = UUID.randomUUID().toString();
        Dataset<Row> lesions = lake.read(LakeTable.LESIONS).orElseThrow(() -> new IllegalArgumentException(
                lake.path(LakeTable.LESIONS) + ": there is no lesions table; run mine first"));
        long lesionCount = lesions.count();
        if (lesionCount < options.largestK()) {
            throw new IllegalArgumentException(lake.path(LakeTable.LESIONS) + " has " + lesionCount + " lesions, "
                    + "fewer than the " + options.largestK() + " clusters asked for");
        }
        Dataset<Row> slices = lake.read(LakeTable.SLICES).orElseThrow(() -> new IllegalArgumentException(
                lake.path(LakeTable.SLICES) + ": there is no slices table; run ingest first"));
        CropGeometry geometry = options.geometry();
        ComputationGraph net = initialNetwork(geometry);
        Map<String, String> trueTypes = TrueTypes.of(lesions, options.truth());

        Dataset<Row> keyed = keySlices(lesions, slices).persist(StorageLevel.MEMORY_AND_DISK());
        Dataset<Row> crops = crops(keyed.filter(col("key_position").isNotNull()), slices, geometry)
                .persist(StorageLevel.MEMORY_AND_DISK_SER());
        long cropped = crops.count();
        List<String> rejects = rejects(keyed, crops);
        LOG.info("categorize: {} of {} lesions cropped, {} rejected", cropped, lesionCount, rejects.size());
        if (cropped < options.largestK()) {
            throw new IllegalArgumentException(lake.root() + ": only " + cropped + " lesions have pixels in the "
                    + "lake, fewer than the " + options.largestK() + " clusters asked for");
        }

        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        List<RoundResult> rounds = new ArrayList<>();
        Map<String, Integer> previous = null;
        Map<String, Integer> assignment = null;
        Clustering.Result result = null;
        Integer k = options.k();
        double trainSeconds = 0;
        List<Broadcast<byte[]>> models = new ArrayList<>();
        // k is chosen in round 1 and kept, so that rounds are comparable.
        Map<Integer, Double> silhouetteByK = null;
        for (int round = 1; round <= options.rounds(); round++) {
            Instant t0 = Instant.now();
            Broadcast<byte[]> model = jsc.broadcast(ModelFiles.toBytes(net));
            Dataset<Row> embeddings = embed(crops, model, geometry, round, runId)
                    .persist(StorageLevel.MEMORY_AND_DISK());
            lake.append(LakeTable.EMBEDDINGS, embeddings);
            Instant t1 = Instant.now();
            if (result != null) {
                result.features().unpersist();
            }
            result = Clustering.cluster(embeddings, k, options.kMin(), options.kMax(), options.seed());
            k = result.k();
            if (silhouetteByK == null) {
                silhouetteByK = result.silhouetteByK();
            }
            assignment = assignment(result.assignments());
            Instant t2 = Instant.now();
            double nmiPrevious = previous == null ? Double.NaN : agreement(previous, assignment);
            double[] truth = againstTruth(assignment, trueTypes);
            RoundResult r = new RoundResult(round, k, result.silhouette(), nmiPrevious, truth[0], truth[1],
                    seconds(t0, t1), seconds(t1, t2), trainSeconds);
            rounds.add(r);
            LOG.info("categorize round {}/{}: k={} silhouette {} NMI vs previous round {} vs true types {} purity {}",
                    round, options.rounds(), k, fmt(r.silhouette()), fmt(nmiPrevious), fmt(truth[0]),
                    fmt(truth[1]));
            // Later rounds' plans still reference this round's lineage: the broadcast must outlive the loop.
            models.add(model);
            embeddings.unpersist();
            if (previous != null && nmiPrevious >= options.stopNmi()) {
                LOG.info("categorize: consecutive rounds agree (NMI {} >= {}), stopping", fmt(nmiPrevious),
                        options.stopNmi());
                break;
            }
            previous = assignment;
            if (round < options.rounds()) {
                Instant t3 = Instant.now();
                net = Refinement.train(jsc, net, geometry, crops, result.assignments(), k, options.epochs(),
                        options.seed() + round, "categorize round " + round, ProgressOutput.standard(LOG::info));
                trainSeconds = seconds(t3, Instant.now());
            }
        }

        int finalRound = rounds.get(rounds.size() - 1).round();
        lake.append(LakeTable.PSEUDO_LABELS, result.assignments().withColumn("round", lit(finalRound))
                .withColumn("run_id", lit(runId)).select("lesion_id", "cluster", "distance", "round", "run_id"));
        Timestamp now = Timestamp.from(Instant.now());
        if (!rejects.isEmpty()) {
            List<Row> rows = new ArrayList<>();
            for (String reject : rejects) {
                rows.add(Rejects.row(reject, STAGE, runId, now));
            }
            lake.insertNew(LakeTable.REJECTS, rows);
        }
        Map<Integer, Long> sizes = new TreeMap<>();
        assignment.values().forEach(cluster -> sizes.merge(cluster, 1L, Long::sum));
        CategorizeReport report = new CategorizeReport(lake.root(), runId, spark.sparkContext().hadoopConfiguration());
        CategorizeSummary summary = new CategorizeSummary(runId, cropped, rejects.size(), k, silhouetteByK, rounds,
                sizes, report.dir(), seconds(started, Instant.now()));
        report.write(summary, result, assignment, crops, geometry, trueTypes, options.seed());
        RunLog.record(lake, runId, STAGE, "succeeded", started, parameters(), counts(summary),
                metrics(summary));
        result.features().unpersist();
        crops.unpersist();
        keyed.unpersist();
        models.forEach(Broadcast::destroy);
        return summary;
    }

    /**
     * Embeds crops (lesion_id, crop) on the executors with the broadcast network, as {@code embeddings} rows. The
     * network goes over the wire once per executor, not once per task.
     */
    public static Dataset<Row> embed(Dataset<Row> crops, Broadcast<byte[]> model, CropGeometry geometry, int round,
            String runId) {
        return crops.sparkSession().createDataFrame(crops.toJavaRDD().mapPartitions(new EmbedPass(model, geometry,
                round, runId)), LakeTable.EMBEDDINGS.schema());
    }

    /** Each lesion with its key slice's position and slice interval (null when the key slice is not in the lake). */
    private Dataset<Row> keySlices(Dataset<Row> lesions, Dataset<Row> slices) {
        Dataset<Row> keys = slices.select(col("sop_instance_uid"), col("frame_index"),
                col("position_mm").as("key_position"),
                coalesce(col("slice_interval_mm"), col("slice_thickness_mm"), lit(5.0)).as("key_interval"));
        return lesions.select(col("lesion_id"), col("source"), col("series_uid"), col("sop_instance_uid"),
                        col("frame_index"), col("box_x1").plus(col("box_x2")).divide(2).as("centre_x"),
                        col("box_y1").plus(col("box_y2")).divide(2).as("centre_y"))
                .join(keys, RowValues.array(List.of("sop_instance_uid", "frame_index")), "left");
    }

    /** One row per cropped lesion: lesion_id, crop (the network input as little-endian floats). */
    private Dataset<Row> crops(Dataset<Row> keyed, Dataset<Row> slices, CropGeometry geometry) {
        Dataset<Row> wanted = keyed.select(col("lesion_id"), col("series_uid").as("lesion_series"),
                col("key_position"), col("key_interval"), col("centre_x"), col("centre_y"));
        Dataset<Row> near = slices.select("series_uid", "sop_instance_uid", "position_mm", "rows", "columns",
                        "row_spacing_mm", "column_spacing_mm", "hu")
                .join(broadcast(wanted), col("series_uid").equalTo(col("lesion_series"))
                        .and(abs(col("position_mm").minus(col("key_position")))
                                .leq(col("key_interval").plus(geometry.neighbourOffsetMm() + 0.01))));
        Dataset<Row> sliceCrops = spark.createDataFrame(near.toJavaRDD().mapPartitions(new CropPass(geometry)),
                CropPass.SCHEMA);
        Dataset<Row> grouped = sliceCrops.filter(col("crop").isNotNull())
                .groupBy("lesion_id", "key_position")
                .agg(collect_list(struct(col("position_mm"), col("crop"))).as("slices"));
        return spark.createDataFrame(grouped.toJavaRDD().mapPartitions(new StackPass(geometry)), StackPass.SCHEMA);
    }

    /** Lesions without a key slice in the lake, or whose slices could not be cropped. */
    private static List<String> rejects(Dataset<Row> keyed, Dataset<Row> crops) {
        List<String> out = new ArrayList<>();
        Dataset<Row> missing = keyed.filter(col("key_position").isNull())
                .select(concat(col("source"), lit("#lesion="), col("lesion_id")), col("sop_instance_uid"),
                        col("frame_index"));
        for (Row r : missing.collectAsList()) {
            out.add(Rejects.encode(r.getString(0), "lesion " + r.getString(0) + ": key slice " + r.getString(1)
                    + " frame " + r.getInt(2) + " has no pixels in the lake's slices"));
        }
        Dataset<Row> uncropped = keyed.filter(col("key_position").isNotNull()).join(crops, keyed.col("lesion_id")
                .equalTo(crops.col("lesion_id")), "left_anti")
                .select(concat(col("source"), lit("#lesion="), col("lesion_id")));
        for (Row r : uncropped.collectAsList()) {
            out.add(Rejects.encode(r.getString(0), "lesion " + r.getString(0) + ": no slice near it could be "
                    + "cropped"));
        }
        return out;
    }

    private ComputationGraph initialNetwork(CropGeometry geometry) throws IOException {
        if (options.initModel() == null) {
            return EmbeddingNetwork.create(geometry, options.embeddingSize(), Math.max(2, options.largestK()),
                    options.seed());
        }
        Path path = new Path(options.initModel());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (InputStream in = path.getFileSystem(spark.sparkContext().hadoopConfiguration()).open(path)) {
            in.transferTo(bytes);
        }
        ComputationGraph net = ModelFiles.fromBytes(bytes.toByteArray(), options.initModel());
        try {
            EmbeddingNetwork.embed(net, geometry, new float[][] {new float[geometry.length()]});
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(options.initModel() + ": the model does not embed crops of "
                    + geometry.channels() + " x " + geometry.sizePx() + " x " + geometry.sizePx() + ": "
                    + e.getMessage(), e);
        }
        return net;
    }

    private static Map<String, Integer> assignment(Dataset<Row> assignments) {
        Map<String, Integer> out = new HashMap<>();
        for (Row r : assignments.select("lesion_id", "cluster").collectAsList()) {
            out.put(r.getString(0), r.getInt(1));
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
    static double[] againstTruth(Map<String, Integer> assignment, Map<String, String> trueTypes) {
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
            return new double[] {Double.NaN, Double.NaN};
        }
        return new double[] {ClusterAgreement.nmi(clusters, types), ClusterAgreement.purity(clusters, types)};
    }

    private Map<String, String> parameters() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("lake", options.lake());
        p.put("k", options.k() == null ? options.kMin() + ".." + options.kMax() : options.k().toString());
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

    private static Map<String, Long> counts(CategorizeSummary s) {
        Map<String, Long> c = new LinkedHashMap<>();
        c.put("lesions", s.lesions());
        c.put("rejects", s.rejects());
        c.put("k", (long) s.k());
        c.put("rounds", (long) s.rounds().size());
        return c;
    }

    private static Map<String, Double> metrics(CategorizeSummary s) {
        Map<String, Double> m = new LinkedHashMap<>();
        RoundResult last = s.last();
        m.put("silhouette", last.silhouette());
        for (RoundResult r : s.rounds()) {
            if (!Double.isNaN(r.nmiPrevious())) {
                m.put("nmi_previous_round_" + r.round(), r.nmiPrevious());
            }
            if (!Double.isNaN(r.nmiTruth())) {
                m.put("nmi_true_types_round_" + r.round(), r.nmiTruth());
                m.put("purity_true_types_round_" + r.round(), r.purityTruth());
            }
        }
        return m;
    }

    private static double seconds(Instant from, Instant to) {
        return Duration.between(from, to).toMillis() / 1000.0;
    }

    private static String fmt(double v) {
        return Double.isNaN(v) ? "-" : String.format(java.util.Locale.ROOT, "%.3f", v);
    }
}
