package org.deeplesion.jobs.detect;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.deeplesion.ct.HuPixels;
import org.deeplesion.detect.AnchorFitting;
import org.deeplesion.detect.AnchorSize;
import org.deeplesion.detect.Detection;
import org.deeplesion.detect.LesionClasses;
import org.deeplesion.evaluation.Froc;
import org.deeplesion.evaluation.FrocResult;
import org.deeplesion.evaluation.GroundTruthBox;
import org.deeplesion.evaluation.RandomBoxes;
import org.deeplesion.jobs.lake.CohortTruthFile;
import org.deeplesion.jobs.lake.Lake;
import org.deeplesion.jobs.lake.LakeTable;
import org.deeplesion.jobs.run.JobContext;
import org.deeplesion.jobs.run.JobRun;
import org.deeplesion.jobs.spark.Columns;
import org.deeplesion.recist.BoundingBox;
import org.deeplesion.recist.ImageSize;
import org.deeplesion.report.Gallery;
import org.deeplesion.synth.CohortTruth;
import org.deeplesion.synth.CompleteTruth;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evaluates detectors the DeepLesion way ({@link Froc#DEEPLESION}) on the key slices of one split: each model's
 * {@code detections} against the split's bookmarked lesions, against a synthetic cohort's complete truth when given,
 * and a random-box baseline on the same slices, so that a reader sees what chance scores there. Writes a report
 * under {@code reports/detect/<run>/} and a {@code runs} row.
 *
 * <p>The FROC ranks all detections of a split at once, so the job collects the split's lesions and the models'
 * detections on them to the driver: a DeepLesion test split is about 5,000 slices, at most 32 detections each.
 */
public final class EvaluateJob {

    private static final Logger LOG = LoggerFactory.getLogger(EvaluateJob.class);
    static final String STAGE = "evaluate";
    /** As many as a detector keeps per image ({@code DetectorSettings}), enough to reach 16 FP per image. */
    static final int BASELINE_BOXES_PER_IMAGE = 32;
    /** Box sizes the baseline draws from, fitted to the training boxes as the detector's anchors are. */
    static final int BASELINE_SIZES = 5;
    /** The gallery shows the first model at this operating point, the protocol's highest averaged rate. */
    static final double GALLERY_RATE = 4.0;
    /** Detections per slice the gallery shows where the model has no operating point at that rate. */
    static final int GALLERY_TOP = 3;

    private static final StructType IMAGE_SCHEMA = new StructType()
            .add("sop_instance_uid", DataTypes.StringType, false)
            .add("frame_index", DataTypes.IntegerType, false);

    private final SparkSession spark;
    private final EvaluateOptions options;
    private final JobContext context;
    private final Lake lake;

    public EvaluateJob(SparkSession spark, EvaluateOptions options) {
        this(spark, options, JobContext.system());
    }

    public EvaluateJob(SparkSession spark, EvaluateOptions options, JobContext context) {
        this.spark = requireNonNull(spark, "spark");
        this.options = requireNonNull(options, "options");
        this.context = requireNonNull(context, "context");
        this.lake = new Lake(spark, options.lake());
    }

    /** A key slice of the split: the image the FROC counts per. */
    record KeySlice(String key, String studyUid, String sopInstanceUid, int frameIndex) {}

    public EvaluateSummary run() throws IOException {
        try (JobRun run = JobRun.start(spark, lake, STAGE, context)) {
            return evaluate(run);
        }
    }

    private EvaluateSummary evaluate(JobRun run) throws IOException {
        run.step("read truth and detections of split " + options.split());
        Dataset<Row> lesions = lake.read(LakeTable.LESIONS)
                .orElseThrow(() -> new IllegalArgumentException(
                        lake.path(LakeTable.LESIONS) + ": there is no lesions table; run mine first"));
        Map<String, KeySlice> images = new TreeMap<>();
        List<GroundTruthBox> bookmarked = bookmarkedTruth(lesions, images);
        List<String> modelIds = modelIds();
        Map<String, List<Detection>> detections = detections(images, modelIds);
        CompleteBoxes complete = completeTruth(images);
        List<AnchorSize> sizes = baselineSizes(lesions);

        run.step("evaluate " + modelIds.size() + " models and the baseline");
        List<EvaluateSummary.Evaluation> models = new ArrayList<>();
        for (String model : modelIds) {
            models.add(evaluate(model, label(model), images.keySet(), bookmarked, complete, detections.get(model)));
        }
        Map<String, ImageSize> imageSizes = imageSizes(images);
        List<Detection> random = randomBoxes(images.keySet(), imageSizes, sizes);
        EvaluateSummary.Evaluation baseline = evaluate(
                EvaluateSummary.BASELINE, EvaluateSummary.BASELINE, images.keySet(), bookmarked, complete, random);

        run.step("gallery");
        List<Gallery.Panel> gallery = gallery(
                images,
                imageSizes,
                bookmarked,
                detections.get(modelIds.get(0)),
                models.get(0).bookmarked());

        // Reports of evaluations live under reports/detect/, with the stage whose detections they score.
        EvaluateReport report = new EvaluateReport(
                lake.reports(DetectJob.STAGE, run.id()), spark.sparkContext().hadoopConfiguration());
        EvaluateSummary summary = new EvaluateSummary(
                run.id(),
                options.split(),
                images.size(),
                images.size() - imageSizes.size(),
                bookmarked.size(),
                complete == null ? -1 : complete.byType().size(),
                models,
                baseline,
                report.dir(),
                run.seconds());
        report.write(summary, options, sizes, gallery, galleryTitle(models.get(0)));
        LOG.info(
                "evaluate {}: {} models on {} {} key slices, report {}",
                run.id(),
                models.size(),
                images.size(),
                options.split(),
                report.dir());
        return run.succeeded(summary, parameters());
    }

    /** The split's bookmarked lesions as truth, filling in the key slices they lie on. */
    private List<GroundTruthBox> bookmarkedTruth(Dataset<Row> lesions, Map<String, KeySlice> images) {
        List<Row> rows = lesions.filter(col("split").equalTo(options.split()))
                .select(
                        "lesion_id",
                        "study_uid",
                        "sop_instance_uid",
                        "frame_index",
                        "box_x1",
                        "box_y1",
                        "box_x2",
                        "box_y2",
                        "coarse_type")
                .collectAsList();
        if (rows.isEmpty()) {
            throw new IllegalArgumentException(lake.path(LakeTable.LESIONS) + " has no lesions in the '"
                    + options.split() + "' split: there is nothing to evaluate against");
        }
        List<GroundTruthBox> truth = new ArrayList<>(rows.size());
        for (Row r : rows) {
            String sop = r.getAs("sop_instance_uid");
            int frame = r.getAs("frame_index");
            String key = imageKey(sop, frame);
            images.putIfAbsent(key, new KeySlice(key, r.getAs("study_uid"), sop, frame));
            Integer coarseType = r.getAs("coarse_type");
            int classIndex;
            try {
                classIndex = LesionClasses.of(coarseType);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        lake.path(LakeTable.LESIONS) + ": lesion " + r.getAs("lesion_id") + " has coarse_type "
                                + coarseType + ": " + e.getMessage(),
                        e);
            }
            truth.add(new GroundTruthBox(key, box(r, "box_x1", "box_y1", "box_x2", "box_y2"), classIndex));
        }
        return truth;
    }

    /**
     * The models' ids: a model named by its directory (as {@code detect --model} takes it) is looked up in its
     * manifest, so either form names the same model.
     */
    private List<String> modelIds() throws IOException {
        List<String> ids = new ArrayList<>();
        for (String model : options.models()) {
            ids.add(
                    ModelDirectory.namesDirectory(model)
                            ? ModelDirectory.open(
                                            lake, model, spark.sparkContext().hadoopConfiguration())
                                    .manifest()
                                    .modelId()
                            : model);
        }
        if (new HashSet<>(ids).size() != ids.size()) {
            throw new IllegalArgumentException("--model names a model twice: " + options.models() + " are " + ids);
        }
        return ids;
    }

    /**
     * The models' detections on the key slices, by model; every model must have some, or its sensitivities would
     * be zeros that look like a result.
     */
    private Map<String, List<Detection>> detections(Map<String, KeySlice> images, List<String> modelIds) {
        Dataset<Row> table = lake.read(LakeTable.DETECTIONS)
                .orElseThrow(() -> new IllegalArgumentException(
                        lake.path(LakeTable.DETECTIONS) + ": there is no detections table; run detect first"));
        List<Row> rows = table.filter(col("model_id").isin(modelIds.toArray()))
                .join(broadcast(imageFrame(images.values())), Columns.seq("sop_instance_uid", "frame_index"))
                .select("model_id", "sop_instance_uid", "frame_index", "x1", "y1", "x2", "y2", "score", "class_index")
                .collectAsList();
        Map<String, List<Detection>> byModel = new HashMap<>();
        for (Row r : rows) {
            String model = r.getAs("model_id");
            String key = imageKey(r.getAs("sop_instance_uid"), r.getAs("frame_index"));
            Detection detection;
            try {
                detection =
                        new Detection(key, box(r, "x1", "y1", "x2", "y2"), r.getAs("score"), r.getAs("class_index"));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        lake.path(LakeTable.DETECTIONS) + ": a detection of model " + model + " on " + key
                                + " is invalid: " + e.getMessage(),
                        e);
            }
            byModel.computeIfAbsent(model, m -> new ArrayList<>()).add(detection);
        }
        for (String model : modelIds) {
            if (!byModel.containsKey(model)) {
                List<String> known = table.select("model_id")
                        .distinct()
                        .orderBy("model_id")
                        .limit(20)
                        .as(Encoders.STRING())
                        .collectAsList();
                throw new IllegalArgumentException("model " + model + " has no detections on the " + images.size()
                        + " key slices of the '" + options.split() + "' split in " + lake.path(LakeTable.DETECTIONS)
                        + " (models there: " + (known.isEmpty() ? "none" : String.join(", ", known)) + ")");
            }
        }
        return byModel;
    }

    /**
     * The complete truth's boxes on the key slices, classed by lesion type and by {@link CompleteTruth.Section}, and
     * those of them that no bookmark asks for.
     */
    private record CompleteBoxes(
            List<GroundTruthBox> byType, List<GroundTruthBox> bySection, List<GroundTruthBox> unbookmarked) {}

    /** The complete truth's boxes on the key slices, or null when no cohort truth was given. */
    private CompleteBoxes completeTruth(Map<String, KeySlice> images) throws IOException {
        if (options.truth() == null) {
            return null;
        }
        CohortTruth truth = CohortTruthFile.read(spark.sparkContext().hadoopConfiguration(), options.truth());
        List<GroundTruthBox> boxes = CompleteTruth.on(truth, images.keySet());
        if (boxes.isEmpty()) {
            throw new IllegalArgumentException(options.truth() + ": no lesion of this cohort lies on any of the "
                    + images.size() + " '" + options.split() + "' key slices of " + lake.root()
                    + "; is it the truth of the cohort this lake was ingested from?");
        }
        return new CompleteBoxes(
                boxes,
                CompleteTruth.bySection(truth, images.keySet()),
                CompleteTruth.unbookmarked(truth, images.keySet()));
    }

    /** Lesion-like sizes for the baseline: anchors fitted to the training boxes, as a detector's would be. */
    private List<AnchorSize> baselineSizes(Dataset<Row> lesions) {
        List<BoundingBox> boxes = new ArrayList<>();
        for (Row r : lesions.filter(col("split").equalTo("train"))
                .select("box_x1", "box_y1", "box_x2", "box_y2")
                .collectAsList()) {
            boxes.add(box(r, "box_x1", "box_y1", "box_x2", "box_y2"));
        }
        if (boxes.isEmpty()) {
            throw new IllegalArgumentException(
                    lake.path(LakeTable.LESIONS) + " has no 'train' lesions to size the " + "random-box baseline by");
        }
        int distinct = (int) boxes.stream().map(AnchorSize::of).distinct().count();
        return AnchorFitting.fit(boxes, Math.min(BASELINE_SIZES, distinct), options.seed())
                .anchors();
    }

    private EvaluateSummary.Evaluation evaluate(
            String name,
            String label,
            Set<String> images,
            List<GroundTruthBox> bookmarked,
            CompleteBoxes complete,
            List<Detection> detections) {
        FrocResult againstBookmarks = Froc.DEEPLESION.evaluate(images, bookmarked, detections);
        if (complete == null) {
            return new EvaluateSummary.Evaluation(name, label, againstBookmarks);
        }
        return new EvaluateSummary.Evaluation(
                name,
                label,
                againstBookmarks,
                new EvaluateSummary.AgainstCompleteTruth(
                        Froc.DEEPLESION.evaluate(images, complete.byType(), detections),
                        Froc.DEEPLESION.evaluate(images, complete.bySection(), detections),
                        Froc.DEEPLESION.evaluate(images, bookmarked, complete.unbookmarked(), detections)));
    }

    /**
     * What the model is, as its manifest under the lake's {@code models/} says; detections that no model there
     * wrote (another tool's, imported) keep their model id as their name.
     */
    private String label(String modelId) throws IOException {
        Path manifest = new Path(ModelDirectory.modelsOf(lake), modelId + "/" + ModelDirectory.MANIFEST);
        if (!manifest.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(manifest)) {
            return modelId;
        }
        return ModelDirectory.open(lake, modelId, spark.sparkContext().hadoopConfiguration())
                .manifest()
                .label();
    }

    /** Each key slice's size, read from {@code slices}; a key slice missing there has none. */
    private Map<String, ImageSize> imageSizes(Map<String, KeySlice> images) {
        Dataset<Row> slices = lake.read(LakeTable.SLICES)
                .orElseThrow(() -> new IllegalArgumentException(
                        lake.path(LakeTable.SLICES) + ": there is no slices table; run ingest first"));
        Map<String, ImageSize> sizes = new HashMap<>();
        for (Row r : slices.select("sop_instance_uid", "frame_index", "rows", "columns")
                .join(broadcast(imageFrame(images.values())), Columns.seq("sop_instance_uid", "frame_index"))
                .collectAsList()) {
            sizes.put(
                    imageKey(r.getAs("sop_instance_uid"), r.getAs("frame_index")),
                    new ImageSize(r.getAs("rows"), r.getAs("columns")));
        }
        if (sizes.size() < images.size()) {
            LOG.warn(
                    "evaluate: {} of {} key slices have no pixels in {}; the baseline and the gallery leave them out",
                    images.size() - sizes.size(),
                    images.size(),
                    lake.path(LakeTable.SLICES));
        }
        return sizes;
    }

    /** The baseline's boxes, drawn slice by slice in key order, so that a seed always gives the same boxes. */
    private List<Detection> randomBoxes(Set<String> images, Map<String, ImageSize> sizes, List<AnchorSize> anchors) {
        Random random = new Random(options.seed());
        List<Detection> boxes = new ArrayList<>();
        for (String key : images) {
            ImageSize size = sizes.get(key);
            if (size != null) {
                boxes.addAll(RandomBoxes.on(key, size, anchors, BASELINE_BOXES_PER_IMAGE, random));
            }
        }
        return boxes;
    }

    /**
     * Panels of randomly chosen key slices with their bookmarked boxes and the first model's detections at its
     * operating point of {@link #GALLERY_RATE} false positives per image, or its top {@link #GALLERY_TOP} per slice
     * where it has none there.
     */
    private List<Gallery.Panel> gallery(
            Map<String, KeySlice> images,
            Map<String, ImageSize> sizes,
            List<GroundTruthBox> truth,
            List<Detection> detections,
            FrocResult result) {
        List<String> candidates = new ArrayList<>(images.keySet());
        candidates.retainAll(sizes.keySet());
        Collections.shuffle(candidates, new Random(options.seed()));
        List<KeySlice> chosen = candidates.subList(0, Math.min(options.gallery(), candidates.size())).stream()
                .sorted()
                .map(images::get)
                .toList();
        if (chosen.isEmpty()) {
            return List.of();
        }
        Map<String, short[]> pixels = new HashMap<>();
        Set<String> studies = new HashSet<>();
        chosen.forEach(s -> studies.add(s.studyUid()));
        // The study filter prunes the slices table's partitions before the join reads any pixels.
        for (Row r : lake.read(LakeTable.SLICES)
                .orElseThrow()
                .filter(col("study_uid").isin(studies.toArray()))
                .select("sop_instance_uid", "frame_index", "rows", "columns", "hu")
                .join(broadcast(imageFrame(chosen)), Columns.seq("sop_instance_uid", "frame_index"))
                .collectAsList()) {
            pixels.put(
                    imageKey(r.getAs("sop_instance_uid"), r.getAs("frame_index")),
                    HuPixels.fromBytes(r.getAs("hu"), r.getAs("rows"), r.getAs("columns")));
        }
        OptionalDouble threshold = result.scoreThresholdAt(GALLERY_RATE);
        List<Gallery.Panel> panels = new ArrayList<>(chosen.size());
        for (KeySlice slice : chosen) {
            String key = slice.key();
            List<BoundingBox> boxes = truth.stream()
                    .filter(t -> t.imageKey().equals(key))
                    .map(GroundTruthBox::box)
                    .toList();
            List<Detection> shown = detections.stream()
                    .filter(d -> d.imageKey().equals(key))
                    .sorted(Detection.BY_SCORE)
                    .toList();
            shown = threshold.isPresent()
                    ? shown.stream()
                            .filter(d -> d.score() >= threshold.getAsDouble())
                            .toList()
                    : shown.subList(0, Math.min(GALLERY_TOP, shown.size()));
            String caption = "..." + key.substring(Math.max(0, key.length() - 24)) + "\n" + boxes.size()
                    + (boxes.size() == 1 ? " lesion, " : " lesions, ") + shown.size() + " shown";
            panels.add(new Gallery.Panel(caption, sizes.get(key), pixels.get(key), boxes, shown));
        }
        return panels;
    }

    private String galleryTitle(EvaluateSummary.Evaluation first) {
        OptionalDouble threshold = first.bookmarked().scoreThresholdAt(GALLERY_RATE);
        String shown = threshold.isPresent()
                ? String.format(
                        Locale.ROOT,
                        "at %s FP per image (score >= %.3f)",
                        EvaluateSummary.rate(GALLERY_RATE),
                        threshold.getAsDouble())
                : "top " + GALLERY_TOP + " per slice";
        return first.label() + " on " + options.split() + " key slices: bookmarked lesions green, detections " + shown
                + " red";
    }

    private Dataset<Row> imageFrame(Collection<KeySlice> images) {
        List<Row> rows = new ArrayList<>(images.size());
        for (KeySlice s : images) {
            rows.add(RowFactory.create(s.sopInstanceUid(), s.frameIndex()));
        }
        return spark.createDataFrame(rows, IMAGE_SCHEMA);
    }

    /** The box a row holds in four named columns. */
    private static BoundingBox box(Row r, String x1, String y1, String x2, String y2) {
        return new BoundingBox(r.<Double>getAs(x1), r.<Double>getAs(y1), r.<Double>getAs(x2), r.<Double>getAs(y2));
    }

    /**
     * The FROC's image key: the SOP Instance UID, as a synthetic cohort's truth names slices; a frame of a
     * multi-frame image beyond the first is an image of its own.
     */
    static String imageKey(String sopInstanceUid, int frameIndex) {
        return frameIndex == 0 ? sopInstanceUid : sopInstanceUid + "#frame=" + frameIndex;
    }

    private Map<String, String> parameters() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("lake", options.lake());
        p.put("models", String.join(",", options.models()));
        p.put("split", options.split());
        if (options.truth() != null) {
            p.put("truth", options.truth());
        }
        p.put("gallery", Integer.toString(options.gallery()));
        p.put("seed", Long.toString(options.seed()));
        return p;
    }
}
