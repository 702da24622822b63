package org.deeplesion.jobs.detect;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.col;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.deeplesion.evaluation.GroundTruthBox;
import org.deeplesion.jobs.lake.CohortTruthFile;
import org.deeplesion.jobs.lake.Lake;
import org.deeplesion.jobs.lake.LakeTable;
import org.deeplesion.recist.BoundingBox;
import org.deeplesion.synth.CompleteTruth;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Self-training's teacher step: a trained detector searches the training key slices and the slices next to them;
 * what it finds on a key slice with a score of at least {@code mineScore}, away from every bookmark and ignore box,
 * and finds again on a neighbour slice, becomes a mined lesion. The neighbour is the second check: a lesion is a
 * solid that shows on consecutive slices. It is a weak one, since a detector's false positives tend to recur on the
 * next slice too: on the synthetic cohorts it turned away about a tenth of the candidates (docs/experiments.md).
 * Against a synthetic cohort's complete truth it also measures how many mined boxes are real lesions.
 */
final class LesionMining {

    private static final Logger LOG = LoggerFactory.getLogger(LesionMining.class);

    /** A detection this close to a bookmark (or ignore box) is that lesion again, not a new one. */
    static final double KNOWN_IOU = 0.1;

    /** A neighbour slice's detection confirms a candidate at this overlap: lesions change size between slices. */
    static final double CONFIRM_IOU = 0.3;

    /** A mined box is a true lesion when it overlaps a complete-truth box this much (DeepLesion's criterion). */
    static final double TRUE_IOU = 0.5;

    private LesionMining() {}

    /**
     * What one round mined.
     *
     * @param candidates confident detections on key slices away from every bookmark
     * @param trueMined mined boxes that are lesions of the complete truth; -1 without one
     * @param unbookmarked complete-truth lesions on the key slices that no bookmark covers; -1 without a truth
     */
    record Round(
            int round,
            String teacher,
            long keySlices,
            int candidates,
            MinedLesions mined,
            int trueMined,
            int unbookmarked,
            double seconds) {

        /** Mined boxes that are true lesions; NaN without a complete truth or without mined boxes. */
        double precision() {
            return trueMined < 0 || mined.count() == 0 ? Double.NaN : (double) trueMined / mined.count();
        }

        /** The share of unbookmarked lesions that were mined; NaN without a complete truth. */
        double recall() {
            return unbookmarked <= 0 ? Double.NaN : (double) trueMined / unbookmarked;
        }

        String line() {
            String check = trueMined < 0
                    ? ""
                    : String.format(
                            Locale.ROOT,
                            "; %d are lesions of the complete truth (precision %.3f), %d of its %d unbookmarked "
                                    + "lesions there (recall %.3f)",
                            trueMined,
                            precision(),
                            trueMined,
                            unbookmarked,
                            recall());
            return String.format(
                    Locale.ROOT,
                    "self-training round %d: model %s mined %d lesions on %d training key slices (%d candidates, "
                            + "%d confirmed on a neighbour slice) in %.1f s%s",
                    round,
                    teacher,
                    mined.count(),
                    keySlices,
                    candidates,
                    mined.count(),
                    seconds,
                    check);
        }
    }

    /** One detection as mining reads it: the slice it lies on, its box in slice pixels, score and class. */
    record Found(String sop, BoundingBox box, double score, int classIndex) {}

    /** Where a searched slice lies: its series and position along the series. */
    record Place(String series, double positionMm) {}

    /**
     * @param candidates confident detections on key slices away from every bookmark and ignore box
     */
    record Selection(MinedLesions mined, int candidates) {}

    /**
     * @param classes the student's class names: a mined lesion takes the teacher's class where the teacher has the
     *     same classes, the one class of a single-class student, and otherwise none (it then trains the proposals
     *     only)
     */
    static Round mine(
            SparkSession spark, Lake lake, String teacher, TrainOptions options, List<String> classes, int round)
            throws IOException {
        requireNonNull(teacher, "teacher");
        long t0 = System.nanoTime();
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        ModelDirectory model = ModelDirectory.open(lake, teacher, conf);
        DetectorManifest manifest = model.manifest();
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Broadcast<byte[]> proposals = jsc.broadcast(model.bytes(ModelDirectory.PROPOSALS));
        Broadcast<byte[]> regions = jsc.broadcast(model.bytes(ModelDirectory.REGIONS));
        Dataset<Row> images = KeyImages.of(lake, options.splits(), manifest.geometry(), KeyImages.Coverage.KEY_SLICES)
                .unionByName(KeyImages.of(lake, options.splits(), manifest.geometry(), KeyImages.Coverage.NEIGHBOURS))
                .persist(StorageLevel.MEMORY_AND_DISK_SER());
        try {
            Map<String, Place> places = new HashMap<>();
            for (Row r : images.select("sop_instance_uid", "series_uid", "position_mm")
                    .collectAsList()) {
                places.put(r.getAs("sop_instance_uid"), new Place(r.getAs("series_uid"), r.getAs("position_mm")));
            }
            List<Found> found = new ArrayList<>();
            for (Row r : spark.createDataFrame(
                            images.toJavaRDD()
                                    .mapPartitions(
                                            DetectPass.of(manifest, manifest.settings(), proposals, regions, "mining")),
                            LakeTable.DETECTIONS.schema())
                    .filter(col("score").geq(options.extras().mineScore()))
                    .select("sop_instance_uid", "x1", "y1", "x2", "y2", "score", "class_index")
                    .collectAsList()) {
                found.add(new Found(
                        r.getAs("sop_instance_uid"),
                        new BoundingBox(r.getAs("x1"), r.getAs("y1"), r.getAs("x2"), r.getAs("y2")),
                        r.getAs("score"),
                        r.getAs("class_index")));
            }
            Map<String, ImageTruth> truth = TrainingTruth.of(lake, options.splits(), Map.of(), 0, false);
            Selection selected = select(teacher, truth, places, relabelled(found, manifest.classNames(), classes));
            int trueMined = -1;
            int unbookmarked = -1;
            String truthUri = options.extras().truth();
            if (truthUri != null) {
                List<GroundTruthBox> complete = completeTruth(lake, truthUri, truth.keySet());
                trueMined = trueLesions(selected.mined(), complete);
                unbookmarked = unbookmarked(truth, complete);
                logHigherScores(
                        teacher,
                        truth,
                        places,
                        found,
                        complete,
                        options.extras().mineScore());
            }
            Round result = new Round(
                    round,
                    teacher,
                    truth.size(),
                    selected.candidates(),
                    selected.mined(),
                    trueMined,
                    unbookmarked,
                    (System.nanoTime() - t0) / 1e9);
            LOG.info(result.line());
            return result;
        } finally {
            images.unpersist();
            proposals.destroy();
            regions.destroy();
        }
    }

    /** The detections with the classes the student knows them by (see {@link #mine}); -1 for none. */
    static List<Found> relabelled(List<Found> found, List<String> teacherClasses, List<String> studentClasses) {
        if (teacherClasses.equals(studentClasses)) {
            return found;
        }
        int as = studentClasses.size() == 1 ? 0 : -1;
        return found.stream()
                .map(f -> new Found(f.sop(), f.box(), f.score(), as))
                .toList();
    }

    /**
     * The detections on key slices that overlap no bookmark or ignore box there and that a detection on a
     * neighbour slice (the next searched position of the same series on either side) confirms.
     *
     * @param truth the key slices' bookmarks and ignore boxes
     * @param places every searched slice's series and position
     * @param found the confident detections on the searched slices; a class index of -1 mines a lesion without a
     *     class
     */
    static Selection select(
            String teacher, Map<String, ImageTruth> truth, Map<String, Place> places, List<Found> found) {
        Map<String, TreeMap<Double, List<Found>>> bySeries = new HashMap<>();
        for (Place place : places.values()) {
            bySeries.computeIfAbsent(place.series(), s -> new TreeMap<>())
                    .putIfAbsent(place.positionMm(), new ArrayList<>());
        }
        for (Found f : found) {
            Place place = requireNonNull(places.get(f.sop()), () -> "no place for searched slice " + f.sop());
            bySeries.get(place.series()).get(place.positionMm()).add(f);
        }
        Map<String, List<BoundingBox>> boxes = new HashMap<>();
        Map<String, List<Integer>> labels = new HashMap<>();
        int candidates = 0;
        List<Found> onKeySlices = found.stream()
                .filter(f -> truth.containsKey(f.sop()))
                .sorted(Comparator.comparing(Found::sop)
                        .thenComparing(Comparator.comparingDouble(Found::score).reversed()))
                .toList();
        for (Found f : onKeySlices) {
            ImageTruth t = truth.get(f.sop());
            if (overlapsAny(f.box(), t.boxes(), KNOWN_IOU) || overlapsAny(f.box(), t.ignore(), KNOWN_IOU)) {
                continue;
            }
            candidates++;
            Place place = places.get(f.sop());
            TreeMap<Double, List<Found>> series = bySeries.get(place.series());
            if (!confirmed(f, series.lowerEntry(place.positionMm()))
                    && !confirmed(f, series.higherEntry(place.positionMm()))) {
                continue;
            }
            boxes.computeIfAbsent(f.sop(), s -> new ArrayList<>()).add(f.box());
            labels.computeIfAbsent(f.sop(), s -> new ArrayList<>()).add(f.classIndex() + 1);
        }
        return new Selection(new MinedLesions(teacher, boxes, labels), candidates);
    }

    /** What mining at higher scores would have given, for choosing {@code --mine-score} against a complete truth. */
    private static void logHigherScores(
            String teacher,
            Map<String, ImageTruth> truth,
            Map<String, Place> places,
            List<Found> found,
            List<GroundTruthBox> complete,
            double mineScore) {
        for (double score : new double[] {0.5, 0.7, 0.8, 0.9, 0.95, 0.98, 0.99}) {
            if (score <= mineScore) {
                continue;
            }
            MinedLesions mined = select(
                            teacher,
                            truth,
                            places,
                            found.stream().filter(f -> f.score() >= score).toList())
                    .mined();
            LOG.info(
                    "mining at score >= {}: {} lesions, {} of them in the complete truth",
                    score,
                    mined.count(),
                    trueLesions(mined, complete));
        }
    }

    /** How many mined boxes match a lesion of the complete truth on their slice. */
    static int trueLesions(MinedLesions mined, List<GroundTruthBox> complete) {
        int hits = 0;
        for (Map.Entry<String, List<BoundingBox>> e : mined.boxes().entrySet()) {
            for (BoundingBox b : e.getValue()) {
                if (complete.stream()
                        .anyMatch(
                                g -> g.imageKey().equals(e.getKey()) && g.box().iou(b) >= TRUE_IOU)) {
                    hits++;
                }
            }
        }
        return hits;
    }

    /** The complete truth's lesions on the key slices that no bookmark there covers. */
    static int unbookmarked(Map<String, ImageTruth> truth, List<GroundTruthBox> complete) {
        return (int) complete.stream()
                .filter(g -> truth.containsKey(g.imageKey())
                        && !overlapsAny(g.box(), truth.get(g.imageKey()).boxes(), TRUE_IOU))
                .count();
    }

    private static boolean confirmed(Found candidate, Map.Entry<Double, List<Found>> neighbour) {
        return neighbour != null
                && neighbour.getValue().stream().anyMatch(n -> n.box().iou(candidate.box()) >= CONFIRM_IOU);
    }

    private static boolean overlapsAny(BoundingBox box, List<BoundingBox> others, double iou) {
        for (BoundingBox o : others) {
            if (o.iou(box) >= iou) {
                return true;
            }
        }
        return false;
    }

    private static List<GroundTruthBox> completeTruth(Lake lake, String truthUri, Set<String> keySlices)
            throws IOException {
        return CompleteTruth.on(
                CohortTruthFile.read(lake.spark().sparkContext().hadoopConfiguration(), truthUri), keySlices);
    }
}
