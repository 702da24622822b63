package org.deeplesion.evaluation;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.OptionalDouble;

/**
 * A split's FROC evaluation, shaped for a JSON report.
 *
 * @param sensitivities at each of the protocol's false-positive rates, in the protocol's order
 * @param meanSensitivity the mean of the sensitivities at the protocol's averaged rates (0.5 to 4 for DeepLesion)
 * @param perClass by true class, smallest class index first; classes without ground truth are absent
 * @param curve one point per detection, highest score first
 */
public record FrocResult(
        double iouThreshold,
        int images,
        int groundTruthBoxes,
        int detections,
        List<Sensitivity> sensitivities,
        double meanSensitivity,
        List<ClassSensitivity> perClass,
        List<FrocPoint> curve) {

    public FrocResult {
        sensitivities = List.copyOf(requireNonNull(sensitivities, "sensitivities"));
        perClass = List.copyOf(requireNonNull(perClass, "perClass"));
        curve = List.copyOf(requireNonNull(curve, "curve"));
    }

    /**
     * The sensitivity at any false-positive rate, read off the curve as {@link Froc} reads the protocol's rates:
     * for plotting the curve between them.
     */
    public double sensitivityAt(double falsePositivesPerImage) {
        double[] x = new double[curve.size()];
        double[] y = new double[curve.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = curve.get(i).falsePositivesPerImage();
            y[i] = curve.get(i).sensitivity();
        }
        return Froc.interpolate(x, y, falsePositivesPerImage);
    }

    /**
     * The operating point at a false-positive rate as a score threshold: the lowest score among the detections that
     * {@link #sensitivityAt} counts there, i.e. of the last curve point not beyond the rate. Keeping the detections
     * scored at least this much shows what the detector finds at that rate (with any detections tied with the
     * last one). Empty when no detection counts there (no
     * detections, or a first false positive already beyond the rate).
     */
    public OptionalDouble scoreThresholdAt(double falsePositivesPerImage) {
        OptionalDouble threshold = OptionalDouble.empty();
        for (FrocPoint point : curve) {
            if (point.falsePositivesPerImage() > falsePositivesPerImage) {
                break;
            }
            threshold = OptionalDouble.of(point.score());
        }
        return threshold;
    }
}
