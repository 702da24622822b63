package org.deeplesion.detect;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A split's FROC evaluation, shaped for a JSON report.
 *
 * @param sensitivities at each of the protocol's false-positive rates, in the protocol's order
 * @param meanSensitivity the mean of the sensitivities at the protocol's averaged rates (0.5 to 4 for DeepLesion)
 * @param perClass by true class, smallest class index first; classes without ground truth are absent
 * @param curve one point per detection, highest score first
 */
public record FrocResult(double iouThreshold, int images, int groundTruthBoxes, int detections,
        List<Sensitivity> sensitivities, double meanSensitivity, List<ClassSensitivity> perClass,
        List<FrocPoint> curve) {

    public FrocResult {
        sensitivities = List.copyOf(requireNonNull(sensitivities, "sensitivities"));
        perClass = List.copyOf(requireNonNull(perClass, "perClass"));
        curve = List.copyOf(requireNonNull(curve, "curve"));
    }
}
