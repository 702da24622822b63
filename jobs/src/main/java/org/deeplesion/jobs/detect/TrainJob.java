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
import org.apache.hadoop.conf.Configuration;
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
import org.deeplesion.ct.SamplingGrid;
import org.deeplesion.detect.AnchorFit;
import org.deeplesion.detect.AnchorFitting;
import org.deeplesion.detect.AnchorSize;
import org.deeplesion.detect.DetectorGeometry;
import org.deeplesion.detect.DetectorImage;
import org.deeplesion.detect.HardLesions;
import org.deeplesion.detect.Proposal;
import org.deeplesion.detect.ProposalNetwork;
import org.deeplesion.detect.RegionClassifier;
import org.deeplesion.encoding.ModelFiles;
import org.deeplesion.jobs.lake.Lake;
import org.deeplesion.jobs.run.JobContext;
import org.deeplesion.jobs.run.JobRun;
import org.deeplesion.jobs.spark.FitCounter;
import org.deeplesion.jobs.spark.HadoopConf;
import org.deeplesion.jobs.spark.SparkProgress;
import org.deeplesion.jobs.spark.TaskThreads;
import org.deeplesion.nn.WeightAverage;
import org.deeplesion.recist.BoundingBox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains the two-stage detector across the executors: the key slices of the training split are built once
 * ({@link KeyImages}); each epoch visits them in an order drawn from its seed ({@link EpochOrder}), exports freshly
 * drawn minibatches under the model directory and fits them with DL4J parameter averaging, then checkpoints. The
 * proposal network trains first; its proposals on the training images then give the region classifier positives
 * (proposals that find a lesion, beside each lesion's own and jittered boxes) and background: proposals that find
 * none, drawn at random rather than best first, and some boxes anywhere in the image ({@code RegionSampling}). Writes
 * {@code models/<run>/} and a {@code runs} row whose run id is the model's.
 */
public final class TrainJob {

    private static final Logger LOG = LoggerFactory.getLogger(TrainJob.class);
    static final String STAGE = "train";

    private final SparkSession spark;
    private final TrainOptions options;
    private final JobContext context;
    private final Lake lake;
    private final MinedLesions mined;

    public TrainJob(SparkSession spark, TrainOptions options) {
        this(spark, options, JobContext.system());
    }

    public TrainJob(SparkSession spark, TrainOptions options, JobContext context) {
        this(spark, options, context, MinedLesions.NONE);
    }

    /** @param mined lesions a teacher found on the training slices, trained on beside the bookmarked ones */
    TrainJob(SparkSession spark, TrainOptions options, JobContext context, MinedLesions mined) {
        this.spark = requireNonNull(spark, "spark");
        this.options = requireNonNull(options, "options");
        this.context = requireNonNull(context, "context");
        this.mined = requireNonNull(mined, "mined");
        this.lake = new Lake(spark, options.lake());
    }

    /**
     * What both stages of training share: where they checkpoint, where a resumed run left off (null for a new run),
     * the classes, the size prior, the truth broadcast to the executors, and the metrics gathered so far.
     */
    private record Training(
            ModelDirectory dir,
            TrainingProgress resumed,
            ClassLabels labels,
            AnchorSize prior,
            Broadcast<HashMap<String, double[]>> truth,
            HadoopConf hadoop,
            Map<String, Double> metrics) {

        boolean proposalsDone() {
            return resumed != null && TrainingProgress.REGIONS.equals(resumed.stage());
        }
    }

    public TrainSummary run() throws IOException {
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        ModelDirectory dir;
        if (options.resume()) {
            dir = ModelDirectory.latestUnfinished(lake, conf)
                    .orElseThrow(() -> new IllegalArgumentException(
                            ModelDirectory.modelsOf(lake) + ": no unfinished training run to resume"));
        } else {
            dir = ModelDirectory.create(lake, "train-" + UUID.randomUUID(), conf);
        }
        try (JobRun run = JobRun.start(spark, lake, STAGE, dir.id(), context)) {
            return train(run, dir);
        }
    }

    private TrainSummary train(JobRun run, ModelDirectory dir) throws IOException {
        TrainingProgress resumed = options.resume() ? dir.progress().orElseThrow() : null;
        if (resumed != null) {
            LOG.info("train: resuming {} after {} epoch {}", dir.id(), resumed.stage(), resumed.epoch());
        }
        run.step("class labels and training truth");
        ClassLabels labels = ClassLabels.of(lake, options.classes(), options.extras());
        checkResumable(dir, resumed, labels);
        Map<String, ImageTruth> truth = mined.addTo(TrainingTruth.of(
                lake,
                options.splits(),
                labels.byLesion(),
                options.extras().sectionReach(),
                options.extras().partTarget() > 0));
        long lesionCount =
                truth.values().stream().mapToLong(t -> t.boxes().size()).sum();
        long sectionCount =
                truth.values().stream().mapToLong(t -> t.sections().size()).sum();
        Dataset<Row> images = keyImages(run);
        try {
            long imageCount = images.count();
            if (imageCount == 0) {
                throw new IllegalArgumentException(lake.root() + ": no key slice of split(s) " + options.splits()
                        + " has pixels in the lake; nothing to train on");
            }
            LOG.info(
                    "train: {} key slices with {} lesions and {} sections of lesions bookmarked on a nearby slice in"
                            + " split(s) {}, {} classes",
                    imageCount,
                    lesionCount,
                    sectionCount,
                    options.splits(),
                    labels.names().size());
            AnchorSize prior = resumed != null ? resumed.sizePrior() : sizePrior(images, truth, options.geometry());
            JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
            Training training = new Training(
                    dir,
                    resumed,
                    labels,
                    prior,
                    jsc.broadcast(ImageTruth.encode(truth)),
                    new HadoopConf(spark.sparkContext().hadoopConfiguration()),
                    resumed != null ? new LinkedHashMap<>(resumed.metrics()) : new LinkedHashMap<>());
            try {
                return trainNetworks(run, jsc, training, images, imageCount, truth, lesionCount);
            } finally {
                training.truth().destroy();
            }
        } finally {
            images.unpersist();
        }
    }

    /** The key slices of the training split(s), kept for the proposal epochs and the proposals on them. */
    private Dataset<Row> keyImages(JobRun run) {
        run.step("key slices of split(s) " + options.splits());
        return KeyImages.of(lake, options.splits(), options.geometry()).persist(StorageLevel.MEMORY_AND_DISK_SER());
    }

    /** The proposal network, then the region classifier on the images with its proposals, then the model. */
    private TrainSummary trainNetworks(
            JobRun run,
            JavaSparkContext jsc,
            Training training,
            Dataset<Row> images,
            long imageCount,
            Map<String, ImageTruth> truth,
            long lesionCount)
            throws IOException {
        ComputationGraph proposals = proposalNetwork(run, jsc, training, images, imageCount);
        Broadcast<byte[]> proposalBytes = jsc.broadcast(ModelFiles.toBytes(proposals));
        try {
            Dataset<Row> proposed = proposed(run, training, images, proposalBytes, truth);
            images.unpersist();
            ComputationGraph regions = regionClassifier(run, jsc, training, proposed);
            proposed.unpersist();
            training.dir().deleteDatasets();
            return finish(run, training, proposals, regions, imageCount, lesionCount);
        } finally {
            proposalBytes.destroy();
        }
    }

    /** A resumed run must go on with the geometry, classes and {@link TrainingRecipe} it started with. */
    private void checkResumable(ModelDirectory dir, TrainingProgress resumed, ClassLabels labels) {
        if (resumed == null) {
            return;
        }
        if (!resumed.geometry().equals(options.geometry())) {
            throw new IllegalArgumentException(dir.path() + " was trained with " + resumed.geometry() + ", not "
                    + options.geometry() + "; resume with the options it started with");
        }
        if (!resumed.classNames().equals(labels.names())) {
            throw new IllegalArgumentException(dir.path() + " was trained with classes " + resumed.classNames()
                    + " but the lake now gives " + labels.names() + "; start a new run instead of --resume");
        }
        TrainingRecipe recipe = TrainingRecipe.of(options);
        if (resumed.recipe() == null) {
            LOG.warn("train: {} does not record the options it started with; resuming with {}", dir.id(), recipe);
            return;
        }
        List<String> changed = recipe.differencesFrom(resumed.recipe());
        if (!changed.isEmpty()) {
            throw new IllegalArgumentException(dir.path() + " cannot resume with " + String.join(", ", changed)
                    + "; resume with the options it started with");
        }
    }

    /** The proposal network: new, or from the resumed run's checkpoint, trained for the epochs still to run. */
    private ComputationGraph proposalNetwork(
            JobRun run, JavaSparkContext jsc, Training training, Dataset<Row> images, long imageCount)
            throws IOException {
        TrainingProgress resumed = training.resumed();
        boolean done = training.proposalsDone();
        int start = resumed == null ? 0 : done ? options.proposalEpochs() : resumed.epoch();
        int last = done ? lastProposalEpoch(resumed) : options.proposalEpochs();
        ComputationGraph net = start == 0
                ? ProposalNetwork.create(options.geometry(), options.seed(), proposalClasses(training))
                : training.dir().checkpointed(TrainingProgress.PROPOSALS, done ? last : start);
        if (done) {
            training.metrics().putIfAbsent("proposal_epochs", (double) last);
        }
        ComputationGraph trained = trainProposals(run, jsc, training, images, imageCount, net, start);
        return averaged(training, trained, last);
    }

    /**
     * The proposal network with the mean of its weights after each of its last epochs, read from their checkpoints,
     * when {@code --average-last} asks for more than one ({@link TrainOptions.Extras#averagedEpochs}); otherwise
     * {@code net} as it is.
     */
    private ComputationGraph averaged(Training training, ComputationGraph net, int last) throws IOException {
        int epochs = options.extras().averagedEpochs(last);
        if (epochs == 1) {
            return net;
        }
        WeightAverage average = new WeightAverage();
        for (int epoch = last - epochs + 1; epoch <= last; epoch++) {
            average.add(training.dir().checkpointed(TrainingProgress.PROPOSALS, epoch));
        }
        LOG.info("train: the proposal network's weights are their mean after epochs {} to {}", last - epochs + 1, last);
        return average.applyTo(net);
    }

    /** The training images with the proposal network's proposals; measures how many lesions they find. */
    private Dataset<Row> proposed(
            JobRun run,
            Training training,
            Dataset<Row> images,
            Broadcast<byte[]> proposals,
            Map<String, ImageTruth> truth) {
        run.step("proposals on the training images");
        DetectorGeometry geometry = options.geometry();
        AnchorSize prior = training.prior();
        int limit = options.settings().proposals();
        double nms = options.settings().proposalNmsIou();
        Dataset<Row> proposed = spark.createDataFrame(
                        images.toJavaRDD()
                                .mapPartitions(
                                        rows -> MinibatchExport.propose(rows, proposals, geometry, prior, limit, nms)),
                        KeyImages.SCHEMA.add(MinibatchExport.PROPOSALS, DataTypes.BinaryType, false))
                .persist(StorageLevel.MEMORY_AND_DISK_SER());
        double recall = recall(proposed, truth, geometry);
        training.metrics().put("proposal_recall_train", recall);
        LOG.info("train: proposals find {} of the training lesions (IoU >= 0.5, top {})", fmt(recall), limit);
        return proposed;
    }

    /** The region classifier: new, or from the resumed run's checkpoint, trained for the epochs still to run. */
    private ComputationGraph regionClassifier(
            JobRun run, JavaSparkContext jsc, Training training, Dataset<Row> proposed) throws IOException {
        int start = training.proposalsDone() ? training.resumed().epoch() : 0;
        ComputationGraph net = start == 0
                ? RegionClassifier.create(training.labels().names().size(), options.geometry(), options.seed())
                : training.dir().checkpointed(TrainingProgress.REGIONS, start);
        return trainRegions(run, jsc, training, proposed, net, start);
    }

    /** Writes the finished model (the manifest last) and records the run. */
    private TrainSummary finish(
            JobRun run,
            Training training,
            ComputationGraph proposals,
            ComputationGraph regions,
            long imageCount,
            long lesionCount)
            throws IOException {
        ModelDirectory dir = training.dir();
        ClassLabels labels = training.labels();
        Map<String, Double> metrics = training.metrics();
        metrics.put("train_seconds", run.seconds());
        DetectorManifest manifest = new DetectorManifest(
                dir.id(),
                options.classes(),
                labels.names(),
                labels.runId(),
                options.geometry(),
                options.settings(),
                training.prior(),
                options.proposalEpochs(),
                options.regionEpochs(),
                imageCount,
                lesionCount,
                options.seed(),
                metrics,
                TrainingRecipe.of(options));
        dir.finish(proposals, regions, manifest);
        return run.succeeded(
                new TrainSummary(
                        dir.id(),
                        dir.path().toString(),
                        imageCount,
                        lesionCount,
                        labels.names().size(),
                        metrics,
                        run.seconds()),
                parameters(labels));
    }

    private ComputationGraph trainProposals(
            JobRun run,
            JavaSparkContext jsc,
            Training training,
            Dataset<Row> images,
            long imageCount,
            ComputationGraph net,
            int start)
            throws IOException {
        if (start >= options.proposalEpochs()) {
            return net;
        }
        ParameterAveragingTrainingMaster master = master(jsc, options.proposalBatch());
        LongAccumulator fitted = jsc.sc().longAccumulator("proposal minibatches fitted");
        master.addHook(FitCounter.minibatches(fitted));
        master.addHook(TaskThreads.hook());
        SparkComputationGraph spark = new SparkComputationGraph(jsc, net, master);
        DetectorGeometry geometry = options.geometry();
        Broadcast<HashMap<String, double[]>> truth = training.truth();
        AnchorSize prior = training.prior();
        HadoopConf hadoop = training.hadoop();
        int patches = options.patchesPerImage();
        int batch = options.proposalBatch();
        int classes = proposalClasses(training);
        Map<String, Double> metrics = training.metrics();
        int every = options.extras().hardMining();
        // A resumed run weighs its lesions afresh if mining had weighed them before its checkpoint.
        Broadcast<HashMap<String, double[]>> hard = every > 0 && start >= every
                ? hardLesions(jsc, training, images, spark.getNetwork(), start)
                : jsc.broadcast(new HashMap<>());
        try {
            for (int epoch = start + 1; epoch <= options.proposalEpochs(); epoch++) {
                Broadcast<HashMap<String, double[]>> weighed = hard;
                String step =
                        String.format(Locale.ROOT, "train proposals, epoch %d/%d", epoch, options.proposalEpochs());
                String out = training.dir()
                        .datasets(TrainingProgress.PROPOSALS, epoch)
                        .toString();
                long seed = options.seed() * 1000 + epoch;
                Epoch done = fitEpoch(
                        run,
                        step,
                        spark,
                        fitted,
                        training,
                        EpochOrder.of(images, jsc.defaultParallelism(), seed)
                                .toJavaRDD()
                                .mapPartitionsWithIndex(
                                        (p, rows) -> MinibatchExport.proposals(
                                                p, rows, truth, weighed, geometry, prior, classes, patches, batch, out,
                                                seed, hadoop),
                                        false));
                double examples = (double) imageCount * patches;
                metrics.put("proposal_images_per_s", examples / done.fitSeconds());
                metrics.put("proposal_loss", spark.getScore());
                training.dir()
                        .checkpoint(
                                spark.getNetwork(),
                                new TrainingProgress(
                                        TrainingProgress.PROPOSALS,
                                        epoch,
                                        options.geometry(),
                                        prior,
                                        training.labels().names(),
                                        training.labels().runId(),
                                        metrics,
                                        TrainingRecipe.of(options)));
                LOG.info(
                        "train: proposals epoch {}/{}: loss {}, {} minibatches exported in {} s, {} patches/s",
                        epoch,
                        options.proposalEpochs(),
                        fmt(spark.getScore()),
                        done.files(),
                        fmt(done.exportSeconds()),
                        fmt(examples / done.fitSeconds()));
                progress(String.format(
                        Locale.ROOT,
                        "train: proposals epoch %d/%d loss %.3f",
                        epoch,
                        options.proposalEpochs(),
                        spark.getScore()));
                if (every > 0 && epoch % every == 0 && epoch < options.proposalEpochs()) {
                    hard.destroy();
                    hard = hardLesions(jsc, training, images, spark.getNetwork(), epoch);
                }
            }
            return spark.getNetwork();
        } finally {
            hard.destroy();
            master.deleteTempFiles(jsc);
        }
    }

    /**
     * Hard example mining: runs the proposal network as it is after {@code epoch} over the training slices and
     * weighs the lesions it misses ({@link HardLesions}) for the next epochs' patches.
     */
    private Broadcast<HashMap<String, double[]>> hardLesions(
            JavaSparkContext jsc, Training training, Dataset<Row> images, ComputationGraph net, int epoch) {
        DetectorGeometry geometry = options.geometry();
        AnchorSize prior = training.prior();
        double nms = options.settings().proposalNmsIou();
        Broadcast<HashMap<String, double[]>> truth = training.truth();
        Broadcast<byte[]> model = jsc.broadcast(ModelFiles.toBytes(net));
        try {
            List<LesionHardness> slices = images.toJavaRDD()
                    .mapPartitions(rows -> MinibatchExport.hardness(rows, model, truth, geometry, prior, nms))
                    .collect();
            long lesions = slices.stream().mapToLong(s -> s.weights().length).sum();
            long missed = slices.stream().mapToLong(LesionHardness::missed).sum();
            if (lesions > 0) {
                training.metrics().put("proposal_missed_train", (double) missed / lesions);
            }
            LOG.info(
                    "train: after proposal epoch {} the best {} proposals miss {} of {} training lesions and sections;"
                            + " they weigh {} times as much in the next patches",
                    epoch,
                    HardLesions.TOP,
                    missed,
                    lesions,
                    fmt(HardLesions.MISSED_WEIGHT));
            return jsc.broadcast(LesionHardness.shares(slices));
        } finally {
            model.destroy();
        }
    }

    private ComputationGraph trainRegions(
            JobRun run, JavaSparkContext jsc, Training training, Dataset<Row> proposed, ComputationGraph net, int start)
            throws IOException {
        if (start >= options.regionEpochs()) {
            return net;
        }
        ParameterAveragingTrainingMaster master = master(jsc, options.regionBatch());
        LongAccumulator fitted = jsc.sc().longAccumulator("region minibatches fitted");
        master.addHook(FitCounter.minibatches(fitted));
        master.addHook(TaskThreads.hook());
        SparkComputationGraph spark = new SparkComputationGraph(jsc, net, master);
        DetectorGeometry geometry = options.geometry();
        Broadcast<HashMap<String, double[]>> truth = training.truth();
        HadoopConf hadoop = training.hadoop();
        int classes = training.labels().names().size();
        int negatives = options.negativesPerImage();
        int batch = options.regionBatch();
        double partTarget = options.extras().partTarget();
        Map<String, Double> metrics = training.metrics();
        try {
            for (int epoch = start + 1; epoch <= options.regionEpochs(); epoch++) {
                String step = String.format(Locale.ROOT, "train regions, epoch %d/%d", epoch, options.regionEpochs());
                String out =
                        training.dir().datasets(TrainingProgress.REGIONS, epoch).toString();
                long seed = options.seed() * 1000 + 500 + epoch;
                Epoch done = fitEpoch(
                        run,
                        step,
                        spark,
                        fitted,
                        training,
                        EpochOrder.of(proposed, jsc.defaultParallelism(), seed)
                                .toJavaRDD()
                                .mapPartitionsWithIndex(
                                        (p, rows) -> MinibatchExport.regions(
                                                p,
                                                rows,
                                                truth,
                                                geometry,
                                                classes,
                                                negatives,
                                                partTarget,
                                                batch,
                                                out,
                                                seed,
                                                hadoop),
                                        false));
                metrics.put("region_minibatches_per_s", done.files() / done.fitSeconds());
                metrics.put("region_loss", spark.getScore());
                training.dir()
                        .checkpoint(
                                spark.getNetwork(),
                                new TrainingProgress(
                                        TrainingProgress.REGIONS,
                                        epoch,
                                        options.geometry(),
                                        training.prior(),
                                        training.labels().names(),
                                        training.labels().runId(),
                                        withProposalEpochs(metrics),
                                        TrainingRecipe.of(options)));
                LOG.info(
                        "train: regions epoch {}/{}: loss {}, {} minibatches exported in {} s, fitted in {} s",
                        epoch,
                        options.regionEpochs(),
                        fmt(spark.getScore()),
                        done.files(),
                        fmt(done.exportSeconds()),
                        fmt(done.fitSeconds()));
                progress(String.format(
                        Locale.ROOT,
                        "train: regions epoch %d/%d loss %.3f",
                        epoch,
                        options.regionEpochs(),
                        spark.getScore()));
            }
            return spark.getNetwork();
        } finally {
            master.deleteTempFiles(jsc);
        }
    }

    /** The classes of the proposal network's class-aware head; 0 for none. */
    private int proposalClasses(Training training) {
        return options.extras().classAwareProposals()
                ? training.labels().names().size()
                : 0;
    }

    private Map<String, Double> withProposalEpochs(Map<String, Double> metrics) {
        metrics.put("proposal_epochs", (double) options.proposalEpochs());
        return metrics;
    }

    private static int lastProposalEpoch(TrainingProgress progress) {
        Double epochs = progress.metrics().get("proposal_epochs");
        if (epochs == null) {
            throw new IllegalStateException(
                    "checkpoint progress of stage " + progress.stage() + " does not say how many proposal epochs ran");
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
            ImageTruth t = truth.get(r.<String>getAs("sop_instance_uid"));
            if (t == null) {
                continue;
            }
            SamplingGrid grid = KeyImages.grid(r, geometry);
            for (BoundingBox b : t.proposalBoxes()) {
                boxes.add(DetectorImage.fromSlice(grid, b));
            }
        }
        AnchorFit fit = AnchorFitting.fit(boxes, 1, options.seed());
        LOG.info(
                "train: size prior fitted to {} boxes: {} (mean IoU {})",
                boxes.size(),
                fit.anchors().get(0),
                fmt(fit.meanIou()));
        return fit.anchors().get(0);
    }

    /** The share of training lesions that some proposal {@link HardLesions#found finds}. */
    private static double recall(Dataset<Row> proposed, Map<String, ImageTruth> truth, DetectorGeometry geometry) {
        long found = 0;
        long total = 0;
        for (Row r : proposed.select(
                        "sop_instance_uid",
                        "rows",
                        "columns",
                        "row_spacing_mm",
                        "column_spacing_mm",
                        MinibatchExport.PROPOSALS)
                .collectAsList()) {
            ImageTruth t = truth.get(r.<String>getAs("sop_instance_uid"));
            if (t == null) {
                continue;
            }
            SamplingGrid grid = KeyImages.grid(r, geometry);
            List<Proposal> proposals = ProposalColumn.decode(r.getAs(MinibatchExport.PROPOSALS));
            for (BoundingBox b : t.boxes()) {
                total++;
                if (HardLesions.found(proposals, DetectorImage.fromSlice(grid, b))) {
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
        p.put("class_aware_proposals", Boolean.toString(options.extras().classAwareProposals()));
        p.put("hard_mining", Integer.toString(options.extras().hardMining()));
        p.put("section_reach", Double.toString(options.extras().sectionReach()));
        p.put("part_target", Double.toString(options.extras().partTarget()));
        p.put("average_last", Integer.toString(options.extras().averageLast()));
        if (!mined.boxes().isEmpty()) {
            p.put("mined_lesions", Integer.toString(mined.count()));
            p.put("mined_by", mined.teacher());
        }
        return p;
    }

    private void progress(String line) {
        if (spark.sparkContext().isLocal()) {
            System.err.println(line);
        }
    }

    /** What one epoch took: minibatch files exported by the tasks, then fitted over the executors. */
    private record Epoch(long files, double exportSeconds, double fitSeconds) {}

    /**
     * One epoch: the tasks export their minibatches to files, the executors fit them with parameter averaging, and
     * the files are deleted.
     */
    private static Epoch fitEpoch(
            JobRun run,
            String step,
            SparkComputationGraph spark,
            LongAccumulator fitted,
            Training training,
            JavaRDD<String> exported)
            throws IOException {
        run.step(step);
        Instant t0 = run.now();
        JavaRDD<String> paths = exported.cache();
        long files = paths.count();
        Instant t1 = run.now();
        try (SparkProgress shown = run.progress(fitted, step, "minibatches", files)) {
            spark.fitPathsMultiDataSet(paths);
        }
        double fitSeconds = run.secondsSince(t1);
        paths.unpersist();
        training.dir().deleteDatasets();
        return new Epoch(files, seconds(t0, t1), fitSeconds);
    }

    private static double seconds(Instant from, Instant to) {
        return Duration.between(from, to).toMillis() / 1000.0;
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }
}
