package org.deeplesion.detect;

import static java.util.Objects.requireNonNull;

import java.util.Comparator;
import org.deeplesion.recist.BoundingBox;

/**
 * A box a detector reports on one image, with its lesion score and the class it assigns.
 *
 * @param imageKey the image the box lies on (in the lake, the key slice's SOP Instance UID)
 * @param box pixel-centre coordinates with inclusive extents, as every box of this project
 * @param score higher means more likely a lesion; only the order of scores matters to NMS and FROC
 * @param classIndex the predicted class, 0-based; a class-agnostic detector reports 0
 */
public record Detection(String imageKey, BoundingBox box, double score, int classIndex) {

    /**
     * Highest score first. Equal scores are ordered by image, class and box so that NMS and FROC give the same
     * answer however the detections were collected (a Spark collect has no stable order).
     */
    public static final Comparator<Detection> BY_SCORE = Comparator.comparingDouble(Detection::score)
            .reversed()
            .thenComparing(Detection::imageKey)
            .thenComparingInt(Detection::classIndex)
            .thenComparingDouble(d -> d.box().x1())
            .thenComparingDouble(d -> d.box().y1())
            .thenComparingDouble(d -> d.box().x2())
            .thenComparingDouble(d -> d.box().y2());

    public Detection {
        ImageKeys.check(imageKey);
        requireNonNull(box, "box");
        if (!Double.isFinite(score)) {
            throw new IllegalArgumentException(
                    "detection score must be finite, was " + score + " on image " + imageKey);
        }
        if (classIndex < 0) {
            throw new IllegalArgumentException("class index must be >= 0, was " + classIndex + " on image " + imageKey);
        }
    }
}
