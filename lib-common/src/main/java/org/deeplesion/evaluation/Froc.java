package org.deeplesion.evaluation;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.deeplesion.detect.Detection;

/**
 * The DeepLesion detection protocol (Yan et al.; {@code sens_at_FP} and {@code FROC} in the NIH reference code):
 * class-agnostic, over all detections of a split at once.
 *
 * <p>Detections are walked from the highest score down ({@link Detection#BY_SCORE}; the reference leaves the order
 * of equal scores unspecified). A detection whose IoU ({@link org.deeplesion.recist.BoundingBox#iou inclusive
 * extents}) with a ground-truth box of its own image is at least the threshold marks every such box found; each box
 * is found once. A detection with no box of its image at that IoU is a false positive, including every detection on
 * an image without ground truth. A detection that reaches only boxes already found is neither. After each detection
 * the curve gains a point: false positives so far per evaluated image, boxes found so far per ground-truth box.
 * Classes play no part in matching.
 *
 * <p><b>Sensitivity at a false-positive rate</b> is the curve's linear interpolation there; where the curve holds
 * several points at that rate, the last one counts (as {@code numpy.interp}, on which the reference's
 * {@code interp1d} rests). Because the curve only moves right on a false positive, which finds nothing, this is the
 * sensitivity of all detections down to the last one whose rate does not exceed the asked rate. <b>At the ends</b> the
 * curve is extended along its end segments, as the issue asks; every segment along which the rate grows is flat, so
 * the extension is constant: below the first point the sensitivity is the first point's (0, since a first point
 * above 0 false positives is a false positive), beyond the last point it stays at the last point's, for no detection
 * remains that could find more. This agrees with the reference, which pads with 0 on the left (its later version)
 * and with the last sensitivity on the right. A split without detections has sensitivity 0 everywhere.
 *
 * <p><b>Per-class sensitivity</b> takes the split's operating points as they are, set by the class-agnostic ranking
 * and false positives of all images, and counts, for each true class, the share of that class's boxes found there;
 * a detection's predicted class does not need to match. It answers "at 4 false positives per image, how many liver
 * lesions does the detector find", not how well it names them.
 *
 * @param iouThreshold a detection finds a box at this IoU or more (0.5 in DeepLesion)
 * @param falsePositiveRates the rates to report sensitivity at, in report order
 * @param averagedRates the rates whose sensitivities are averaged, a subset of the reported ones
 */
public record Froc(double iouThreshold, List<Double> falsePositiveRates, List<Double> averagedRates) {

    /** DeepLesion: IoU 0.5, sensitivity at 0.5, 1, 2, 4, 8 and 16 false positives per image, mean over 0.5 to 4. */
    public static final Froc DEEPLESION =
            new Froc(0.5, List.of(0.5, 1.0, 2.0, 4.0, 8.0, 16.0), List.of(0.5, 1.0, 2.0, 4.0));

    public Froc {
        if (!(iouThreshold > 0 && iouThreshold <= 1)) {
            throw new IllegalArgumentException("FROC IoU threshold must lie in (0, 1], was " + iouThreshold);
        }
        falsePositiveRates = List.copyOf(requireNonNull(falsePositiveRates, "falsePositiveRates"));
        averagedRates = List.copyOf(requireNonNull(averagedRates, "averagedRates"));
        if (falsePositiveRates.isEmpty()) {
            throw new IllegalArgumentException("FROC needs at least one false-positive rate");
        }
        for (double rate : falsePositiveRates) {
            if (!(rate > 0) || Double.isInfinite(rate)) {
                throw new IllegalArgumentException("false-positive rates must be positive and finite, was " + rate);
            }
        }
        if (averagedRates.isEmpty() || !falsePositiveRates.containsAll(averagedRates)) {
            throw new IllegalArgumentException(
                    "averaged rates " + averagedRates + " must be a non-empty subset of " + falsePositiveRates);
        }
    }

    /**
     * Evaluates a split.
     *
     * @param images every image of the split, including those without ground truth or without detections: the
     *     false-positive rate is per evaluated image
     * @throws IllegalArgumentException when there are no images or no ground-truth boxes, or a box or detection
     *     lies on an image not listed
     */
    public FrocResult evaluate(Collection<String> images, List<GroundTruthBox> truth, List<Detection> detections) {
        return evaluate(images, truth, List.of(), detections);
    }

    /**
     * Evaluates a split where some lesions are known but not asked for: a detection that finds no box of
     * {@code truth} but one of {@code ignored} (at the IoU threshold) is left out, neither a hit nor a false
     * positive. With a synthetic cohort's lesions that nobody bookmarked as {@code ignored}, this is the bookmarked
     * sensitivity without the false positives that are lesions after all.
     *
     * @param ignored boxes whose detections are not false positives; on listed images
     */
    public FrocResult evaluate(
            Collection<String> images,
            List<GroundTruthBox> truth,
            List<GroundTruthBox> ignored,
            List<Detection> detections) {
        requireNonNull(images, "images");
        requireNonNull(truth, "truth");
        requireNonNull(ignored, "ignored");
        requireNonNull(detections, "detections");
        Set<String> imageSet = new LinkedHashSet<>(images);
        if (imageSet.isEmpty()) {
            throw new IllegalArgumentException("FROC needs at least one image");
        }
        if (truth.isEmpty()) {
            throw new IllegalArgumentException("FROC needs ground-truth boxes: sensitivity over none is undefined");
        }
        Map<String, List<GroundTruthBox>> truthByImage = new HashMap<>();
        TreeMap<Integer, Integer> boxesPerClass = new TreeMap<>();
        for (GroundTruthBox box : truth) {
            requireListed(imageSet, box.imageKey(), "ground-truth box");
            truthByImage.computeIfAbsent(box.imageKey(), k -> new ArrayList<>()).add(box);
            boxesPerClass.merge(box.classIndex(), 1, Integer::sum);
        }
        Map<String, List<GroundTruthBox>> ignoredByImage = new HashMap<>();
        for (GroundTruthBox box : ignored) {
            requireListed(imageSet, box.imageKey(), "ignored box");
            ignoredByImage
                    .computeIfAbsent(box.imageKey(), k -> new ArrayList<>())
                    .add(box);
        }
        for (Detection detection : detections) {
            requireListed(imageSet, detection.imageKey(), "detection");
        }
        Curves curves = walk(detections, truthByImage, ignoredByImage, boxesPerClass, imageSet.size(), truth.size());

        List<Sensitivity> overall = sensitivities(curves.falsePositivesPerImage, curves.sensitivity);
        double sum = 0;
        for (Sensitivity s : overall) {
            if (averagedRates.contains(s.falsePositivesPerImage())) {
                sum += s.sensitivity();
            }
        }
        List<ClassSensitivity> perClass = new ArrayList<>();
        for (Map.Entry<Integer, Integer> entry : boxesPerClass.entrySet()) {
            perClass.add(new ClassSensitivity(
                    entry.getKey(),
                    entry.getValue(),
                    sensitivities(curves.falsePositivesPerImage, curves.classSensitivity.get(entry.getKey()))));
        }
        return new FrocResult(
                iouThreshold,
                imageSet.size(),
                truth.size(),
                detections.size(),
                overall,
                sum / averagedRates.size(),
                perClass,
                curves.points);
    }

    private Curves walk(
            List<Detection> detections,
            Map<String, List<GroundTruthBox>> truthByImage,
            Map<String, List<GroundTruthBox>> ignoredByImage,
            TreeMap<Integer, Integer> boxesPerClass,
            int imageCount,
            int boxCount) {
        List<Detection> ranked = new ArrayList<>(detections);
        ranked.sort(Detection.BY_SCORE);
        Map<String, boolean[]> foundByImage = new HashMap<>();
        Map<Integer, Integer> foundPerClass = new HashMap<>();
        Curves curves = new Curves(ranked.size(), boxesPerClass.keySet());
        int found = 0;
        int falsePositives = 0;
        for (int i = 0; i < ranked.size(); i++) {
            Detection detection = ranked.get(i);
            List<GroundTruthBox> boxes = truthByImage.getOrDefault(detection.imageKey(), List.of());
            boolean[] foundHere = foundByImage.computeIfAbsent(detection.imageKey(), k -> new boolean[boxes.size()]);
            boolean reachesAny = false;
            for (int j = 0; j < boxes.size(); j++) {
                if (detection.box().iou(boxes.get(j).box()) >= iouThreshold) {
                    reachesAny = true;
                    if (!foundHere[j]) {
                        foundHere[j] = true;
                        found++;
                        foundPerClass.merge(boxes.get(j).classIndex(), 1, Integer::sum);
                    }
                }
            }
            if (!reachesAny && !reaches(detection, ignoredByImage.getOrDefault(detection.imageKey(), List.of()))) {
                falsePositives++;
            }
            double rate = (double) falsePositives / imageCount;
            double sensitivity = (double) found / boxCount;
            curves.falsePositivesPerImage[i] = rate;
            curves.sensitivity[i] = sensitivity;
            curves.points.add(new FrocPoint(detection.score(), rate, sensitivity));
            for (Map.Entry<Integer, double[]> entry : curves.classSensitivity.entrySet()) {
                entry.getValue()[i] =
                        (double) foundPerClass.getOrDefault(entry.getKey(), 0) / boxesPerClass.get(entry.getKey());
            }
        }
        return curves;
    }

    private boolean reaches(Detection detection, List<GroundTruthBox> boxes) {
        for (GroundTruthBox box : boxes) {
            if (detection.box().iou(box.box()) >= iouThreshold) {
                return true;
            }
        }
        return false;
    }

    private List<Sensitivity> sensitivities(double[] rates, double[] sensitivity) {
        List<Sensitivity> out = new ArrayList<>();
        for (double rate : falsePositiveRates) {
            out.add(new Sensitivity(rate, interpolate(rates, sensitivity, rate)));
        }
        return out;
    }

    /**
     * Linear interpolation of the curve (x ascending, possibly repeated) at one rate; the last of equal x counts,
     * and the end values continue beyond the ends.
     */
    static double interpolate(double[] x, double[] y, double at) {
        int n = x.length;
        if (n == 0) {
            return 0;
        }
        if (at < x[0]) {
            return y[0];
        }
        int last = lastAtOrBelow(x, at);
        if (last == n - 1 || x[last] == at) {
            return y[last];
        }
        return y[last] + (y[last + 1] - y[last]) * (at - x[last]) / (x[last + 1] - x[last]);
    }

    /** The index of the last x not above the value; x[0] is not above it. */
    private static int lastAtOrBelow(double[] x, double value) {
        int lo = 0;
        int hi = x.length - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (x[mid] <= value) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    private static void requireListed(Set<String> images, String imageKey, String what) {
        if (!images.contains(imageKey)) {
            throw new IllegalArgumentException(
                    what + " on image " + imageKey + ", which is not among the evaluated images");
        }
    }

    /** The curve over the ranked detections, overall and per true class, index for index. */
    private static final class Curves {
        final double[] falsePositivesPerImage;
        final double[] sensitivity;
        final Map<Integer, double[]> classSensitivity = new HashMap<>();
        final List<FrocPoint> points;

        Curves(int length, Collection<Integer> classes) {
            falsePositivesPerImage = new double[length];
            sensitivity = new double[length];
            points = new ArrayList<>(length);
            for (int c : classes) {
                classSensitivity.put(c, new double[length]);
            }
        }
    }
}
