package org.deeplesion.evaluation;

import static java.util.Objects.requireNonNull;

import org.deeplesion.detect.ImageKeys;
import org.deeplesion.recist.BoundingBox;

/**
 * A lesion box that evaluation counts as truth: a mined RECIST box, or, on synthetic data, a complete-truth box.
 *
 * @param classIndex the lesion's true class, 0-based, used only for per-class sensitivity
 */
public record GroundTruthBox(String imageKey, BoundingBox box, int classIndex) {

    public GroundTruthBox {
        ImageKeys.check(imageKey);
        requireNonNull(box, "box");
        if (classIndex < 0) {
            throw new IllegalArgumentException("class index must be >= 0, was " + classIndex + " on image " + imageKey);
        }
    }
}
