package org.deeplesion.evaluation;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * Sensitivities over the ground-truth boxes of one true class, at the operating points of the whole split.
 *
 * @param groundTruthBoxes how many boxes of this class the split holds
 */
public record ClassSensitivity(int classIndex, int groundTruthBoxes, List<Sensitivity> sensitivities) {

    public ClassSensitivity {
        sensitivities = List.copyOf(requireNonNull(sensitivities, "sensitivities"));
    }
}
