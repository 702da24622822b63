package org.deeplesion.jobs.detect;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.LongAccumulator;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.deeplesion.detect.AnchorFit;
import org.deeplesion.detect.AnchorFitting;
import org.deeplesion.detect.AnchorSize;
import org.deeplesion.detect.DetectorGeometry;
import org.deeplesion.detect.DetectorImage;
import org.deeplesion.detect.Proposal;
import org.deeplesion.detect.ProposalNetwork;
import org.deeplesion.detect.RegionClassifier;
import org.deeplesion.encoding.ModelFiles;
import org.deeplesion.jobs.lake.Lake;
import org.deeplesion.jobs.lake.RunLog;
import org.deeplesion.jobs.spark.FitCounter;
import org.deeplesion.jobs.spark.HadoopConf;
import org.deeplesion.jobs.spark.SparkProgress;
import org.deeplesion.progress.ProgressOutput;
import org.deeplesion.recist.BoundingBox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains the two-stage detector across the executors: the key slices of the training split are built once
 * ({@link KeyImages}); each epoch exports freshly drawn minibatches under the model directory and fits them with DL4J
 * parameter averaging, then checkpoints. The proposal network trains first; its proposals on the training images
 * then give the region classifier its hard negatives. Writes {@code models/<run>/} and a {@code runs} row.
 */
public final class TrainJob {

    private static final Logger LOG = LoggerFactory.getLogger(TrainJob.class);
    static final String STAGE = "train";

    private final SparkSession spark;
    private final TrainOptions options;
    private final Lake lake;
    private final ProgressOutput fitting = ProgressOutput.standard(LOG::info);

    public TrainJob(SparkSession spark, TrainOptions options) {
        this.spark = requireNonNull(spark, "spark");
        this.options = requireNonNull(options, "options");
        this.lake = new Lake(spark, options.lake());
    }

    public TrainSummary run() throws IOException {
        Instant started = Instant.now();
        var conf = spark.sparkContext().hadoopConfiguration();
        ModelDirectory dir;
        TrainingProgress progress = null;
        if (options.resume()) {
            dir = ModelDirectory.latestUnfinished(lake.root(), conf).orElseThrow(() -> new IllegalArgumentException(
                    ModelDirectory.modelsOf(lake.root()) + ": no unfinished training run to resume"));
            progress = dir.progress().orElseThrow();
            LOG.info("train: resuming {} after {} epoch {}", dir.id(), progress.stage(), progress.epoch());
        } else {
            dir = ModelDirectory.create(lake.root(), "train-" + UUID.randomUUID(), conf);
        }
        DetectorGeometry geometry = options.geometry();
        ClassLabels labels = ClassLabels.of(lake, options.classes());
        if (progress != null && !progress.geometry().equals(geometry)) {
            throw new IllegalArgumentException(dir.path() + " was trained with " + progress.geometry() + ", not "
                    + geometry + "; resume with the options it started with");
        }
        if (progress != null && !progress.classNames().equals(labels.names())) {
            throw new IllegalArgumentException(dir.path() + " was trained with classes " + progress.classNames()
                    + " but the lake now gives " + labels.names() + "; start a new run instead of --resume");
        }
        Map<String, ImageTruth> truth = TrainingTruth.of(lake, options.splits(), labels.byLesion());
        Dataset<Row> images = KeyImages.of(lake, options.splits(), geometry)
                .persist(StorageLevel.MEMORY_AND_DISK_SER());
        long imageCount = images.count();
        long lesionCount = truth.values().stream().mapToLong(t -> t.boxes().size()).sum();
        if (imageCount == 0) {
            throw new IllegalArgumentException(lake.root() + ": no key slice of split(s) " + options.splits()
                    + " has pixels in the lake; nothing to train on");
        }
        LOG.info("train: {} key slices with {} lesions in split(s) {}, {} classes", imageCount, lesionCount,
                options.splits(), labels.names().size());

        AnchorSize prior = progress != null ? progress.sizePrior() : sizePrior(images, truth, geometry);
        Map<String, Double> metrics = progress != null ? new LinkedHashMap<>(progress.metrics())
                : new LinkedHashMap<>();
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Broadcast<HashMap<String, double[]>> truthBc = jsc.broadcast(ImageTruth.encode(truth));
        HadoopConf hadoop = new HadoopConf(conf);

        boolean proposalsDone = progress != null && TrainingProgress.REGIONS.equals(progress.stage());
        int proposalStart = progress == null ? 0 : proposalsDone ? options.proposalEpochs() : progress.epoch();
        ComputationGraph proposals = proposalStart == 0 ? ProposalNetwork.create(geometry, options.seed())
                : dir.checkpointed(TrainingProgress.PROPOSALS, proposalsDone ? lastProposalEpoch(progress)
                        : proposalStart);
        if (proposalsDone) {
            metrics.putIfAbsent("proposal_epochs", (double) lastProposalEpoch(progress));
        }
        proposals = trainProposals(jsc, dir, images, imageCount, truthBc, hadoop, proposals, proposalStart, prior,
                labels, metrics);

        Broadcast<byte[]> proposalBytes = jsc.broadcast(ModelFiles.toBytes(proposals));
        int limit = options.settings().proposals();
        double nms = options.settings().proposalNmsIou();
        Dataset<Row> proposed = spark.createDataFrame(images.toJavaRDD().mapPartitions(
                rows -> MinibatchExport.propose(rows, proposalBytes, geometry, prior, limit, nms)),
                KeyImages.SCHEMA.add("proposals", DataTypes.BinaryType, false))
                .persist(StorageLevel.MEMORY_AND_DISK_SER());
        metrics.put("proposal_recall_train", recall(proposed, truth, geometry));
        images.unpersist();
        LOG.info("train: proposals find {} of the training lesions (IoU >= 0.5, top {})",
                fmt(metrics.get("proposal_recall_train")), limit);

        int regionStart = proposalsDone ? progress.epoch() : 0;
        ComputationGraph regions = regionStart == 0
                ? RegionClassifier.create(labels.names().size(), geometry, options.seed())
                : dir.checkpointed(TrainingProgress.REGIONS, regionStart);
        regions = trainRegions(jsc, dir, proposed, truthBc, hadoop, regions, regionStart, prior, labels, metrics);
        proposed.unpersist();
        dir.deleteDatasets();

        metrics.put("train_seconds", seconds(started, Instant.now()));
        DetectorManifest manifest = new DetectorManifest(dir.id(), options.classes(), labels.names(),
                labels.runId(), geometry, options.settings(), prior, options.proposalEpochs(),
                options.regionEpochs(), imageCount, lesionCount, options.seed(), metrics);
        dir.finish(proposals, regions, manifest);
        TrainSummary summary = new TrainSummary(dir.id(), dir.path().toString(), imageCount, lesionCount,
                labels.names().size(), metrics, seconds(started, Instant.now()));
        RunLog.record(lake, dir.id(), STAGE, "succeeded", started, parameters(labels), Map.of("images", imageCount,
                "lesions", lesionCount, "classes", (long) labels.names().size()), metrics);
        truthBc.destroy();
        proposalBytes.destroy();
        return summary;
    }

    private ComputationGraph trainProposals(JavaSparkContext jsc, ModelDirectory dir, Dataset<Row> images,
            long imageCount, Broadcast<HashMap<String, double[]>> truth, HadoopConf hadoop, ComputationGraph net,
            int start, AnchorSize prior, ClassLabels labels, Map<String, Double> metrics) throws IOException {
        if (start >= options.proposalEpochs()) {
            return net;
        }
        ParameterAveragingTrainingMaster master = master(jsc, options.proposalBatch());
        LongAccumulator fitted = jsc.sc().longAccumulator("proposal minibatches fitted");
        master.addHook(FitCounter.minibatches(fitted));
        SparkComputationGraph spark = new SparkComputationGraph(jsc, net, master);
        DetectorGeometry geometry = options.geometry();
        int patches = options.patchesPerImage();
        int batch = options.proposalBatch();
        try {
            for (int epoch = start + 1; epoch <= options.proposalEpochs(); epoch++) {
                Instant t0 = Instant.now();
                String out = dir.datasets(TrainingProgress.PROPOSALS, epoch).toString();
                long seed = options.seed() * 1000 + epoch;
                JavaRDD<String> paths = images.toJavaRDD().mapPartitionsWithIndex((p, rows) ->
                        MinibatchExport.proposals(p, rows, truth, geometry, prior, patches, batch, out, seed, hadoop),
                        false)
                        .cache();
                long files = paths.count();
                Instant t1 = Instant.now();
                try (SparkProgress shown = SparkProgress.start(jsc.sc(), fitted, String.format(Locale.ROOT,
                        "train proposals, epoch %d/%d", epoch, options.proposalEpochs()), "minibatches", files,
                        fitting)) {
                    spark.fitPathsMultiDataSet(paths);
                }
                double fitSeconds = seconds(t1, Instant.now());
                double examples = (double) imageCount * patches;
                metrics.put("proposal_images_per_s", examples / fitSeconds);
                metrics.put("proposal_loss", spark.getScore());
                paths.unpersist();
                dir.deleteDatasets();
                dir.checkpoint(spark.getNetwork(), new TrainingProgress(TrainingProgress.PROPOSALS, epoch,
                        options.geometry(), prior, labels.names(), labels.runId(), metrics));
                LOG.info("train: proposals epoch {}/{}: loss {}, {} minibatches exported in {} s, {} patches/s",
                        epoch, options.proposalEpochs(), fmt(spark.getScore()), files, fmt(seconds(t0, t1)),
                        fmt(examples / fitSeconds));
                progress(String.format(Locale.ROOT, "train: proposals epoch %d/%d loss %.3f",
                        epoch, options.proposalEpochs(), spark.getScore()));
            }
            return spark.getNetwork();
        } finally {
            master.deleteTempFiles(jsc);
        }
    }

    private ComputationGraph trainRegions(JavaSparkContext jsc, ModelDirectory dir, Dataset<Row> proposed,
            Broadcast<HashMap<String, double[]>> truth, HadoopConf hadoop, ComputationGraph net, int start,
            AnchorSize prior, ClassLabels labels, Map<String, Double> metrics) throws IOException {
        if (start >= options.regionEpochs()) {
            return net;
        }
        ParameterAveragingTrainingMaster master = master(jsc, options.regionBatch());
        LongAccumulator fitted = jsc.sc().longAccumulator("region minibatches fitted");
        master.addHook(FitCounter.minibatches(fitted));
        SparkComputationGraph spark = new SparkComputationGraph(jsc, net, master);
        DetectorGeometry geometry = options.geometry();
        int classes = labels.names().size();
        int negatives = options.negativesPerImage();
        int batch = options.regionBatch();
        try {
            for (int epoch = start + 1; epoch <= options.regionEpochs(); epoch++) {
                Instant t0 = Instant.now();
                String out = dir.datasets(TrainingProgress.REGIONS, epoch).toString();
                long seed = options.seed() * 1000 + 500 + epoch;
                JavaRDD<String> paths = proposed.toJavaRDD().mapPartitionsWithIndex((p, rows) ->
                        MinibatchExport.regions(p, rows, truth, geometry, classes, negatives, batch, out, seed,
                                hadoop), false).cache();
                long files = paths.count();
                Instant t1 = Instant.now();
                try (SparkProgress shown = SparkProgress.start(jsc.sc(), fitted, String.format(Locale.ROOT,
                        "train regions, epoch %d/%d", epoch, options.regionEpochs()), "minibatches", files,
                        fitting)) {
                    spark.fitPathsMultiDataSet(paths);
                }
                double fitSeconds = seconds(t1, Instant.now());
                metrics.put("region_minibatches_per_s", files / fitSeconds);
                metrics.put("region_loss", spark.getScore());
                paths.unpersist();
                dir.deleteDatasets();
                dir.checkpoint(spark.getNetwork(), new TrainingProgress(TrainingProgress.REGIONS, epoch,
                        options.geometry(), prior, labels.names(), labels.runId(), withProposalEpochs(metrics)));
                LOG.info("train: regions epoch {}/{}: loss {}, {} minibatches exported in {} s, fitted in {} s",
                        epoch, options.regionEpochs(), fmt(spark.getScore()), files, fmt(seconds(t0, t1)),
                        fmt(fitSeconds));
                progress(String.format(Locale.ROOT, "train: regions epoch %d/%d loss %.3f", epoch,
                        options.regionEpochs(), spark.getScore()));
            }
            return spark.getNetwork();
        } finally {
            master.deleteTempFiles(jsc);
        }
    }

    private Map<String, Double> withProposalEpochs(Map<String, Double> metrics) {
        metrics.put("proposal_epochs", (double) options.proposalEpochs());
        return metrics;
    }

    private static int lastProposalEpoch(TrainingProgress progress) {
        Double epochs = progress.metrics().get("proposal_epochs");
        if (epochs == null) {
            throw new IllegalStateException("checkpoint progress of stage " + progress.stage()
                    + " does not say how many proposal epochs ran");
        }
        return epochs.intValue();
    }

    /**
     * The worker count is given, not left to DL4J: for a ComputationGraph trained from paths, DL4J 1.0.0-M2 reads it
     * from a MultiLayerNetwork wrapper that is null there.
     */
    private ParameterAveragingTrainingMaster master(JavaSparkContext jsc, int batch) {
        return new ParameterAveragingTrainingMaster.Builder(jsc.defaultParallelism(), batch)
                .batchSizePerWorker(batch)
                .averagingFrequency(options.averagingFrequency())
                .workerPrefetchNumBatches(0)
                .rddTrainingApproach(RDDTrainingApproach.Direct)
                .rngSeed(options.seed())
                .build();
    }

    /** The one anchor that best fits the training boxes in detector pixels (IoU k-means, as YOLOv2's anchors). */
    private AnchorSize sizePrior(Dataset<Row> images, Map<String, ImageTruth> truth, DetectorGeometry geometry) {
        List<BoundingBox> boxes = new ArrayList<>();
        for (Row r : images.select("sop_instance_uid", "rows", "columns", "row_spacing_mm", "column_spacing_mm")
                .collectAsList()) {
            ImageTruth t = truth.get(r.getString(0));
            if (t == null) {
                continue;
            }
            var grid = geometry.imageGrid(r.getInt(2), r.getInt(1), r.getDouble(4), r.getDouble(3));
            for (BoundingBox b : t.boxes()) {
                boxes.add(DetectorImage.fromSlice(grid, b));
            }
        }
        AnchorFit fit = AnchorFitting.fit(boxes, 1, options.seed());
        LOG.info("train: size prior fitted to {} boxes: {} (mean IoU {})", boxes.size(), fit.anchors().get(0),
                fmt(fit.meanIou()));
        return fit.anchors().get(0);
    }

    /** The share of training lesions that some proposal covers with IoU >= 0.5. */
    private static double recall(Dataset<Row> proposed, Map<String, ImageTruth> truth, DetectorGeometry geometry) {
        long found = 0;
        long total = 0;
        for (Row r : proposed.select("sop_instance_uid", "rows", "columns", "row_spacing_mm", "column_spacing_mm",
                "proposals").collectAsList()) {
            ImageTruth t = truth.get(r.getString(0));
            if (t == null) {
                continue;
            }
            var grid = geometry.imageGrid(r.getInt(2), r.getInt(1), r.getDouble(4), r.getDouble(3));
            List<Proposal> proposals = ProposalColumn.decode((byte[]) r.get(5));
            for (BoundingBox b : t.boxes()) {
                BoundingBox box = DetectorImage.fromSlice(grid, b);
                total++;
                if (proposals.stream().anyMatch(p -> p.box().iou(box) >= 0.5)) {
                    found++;
                }
            }
        }
        return total == 0 ? Double.NaN : (double) found / total;
    }

    private Map<String, String> parameters(ClassLabels labels) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("lake", options.lake());
        p.put("classes", options.classes());
        p.put("class_names", String.join(",", labels.names()));
        if (labels.runId() != null) {
            p.put("label_run", labels.runId());
        }
        p.put("splits", String.join(",", options.splits()));
        p.put("proposal_epochs", Integer.toString(options.proposalEpochs()));
        p.put("region_epochs", Integer.toString(options.regionEpochs()));
        p.put("patches_per_image", Integer.toString(options.patchesPerImage()));
        p.put("seed", Long.toString(options.seed()));
        p.put("geometry", options.geometry().toString());
        p.put("resumed", Boolean.toString(options.resume()));
        return p;
    }

    private void progress(String line) {
        if (spark.sparkContext().isLocal()) {
            System.err.println(line);
        }
    }

    private static double seconds(Instant from, Instant to) {
        return Duration.between(from, to).toMillis() / 1000.0;
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }
}
