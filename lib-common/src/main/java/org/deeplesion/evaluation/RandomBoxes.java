package org.deeplesion.evaluation;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.deeplesion.detect.AnchorSize;
import org.deeplesion.detect.Detection;
import org.deeplesion.recist.BoundingBox;
import org.deeplesion.recist.ImageSize;

/**
 * The chance baseline a detector must beat: boxes of lesion-like sizes at uniformly random places with random
 * scores. Its FROC shows what a sensitivity is worth on the split at hand.
 */
public final class RandomBoxes {

    private RandomBoxes() {}

    /** @param sizes box sizes to draw from, e.g. the training boxes' anchors, in slice pixels */
    public static List<Detection> on(
            String imageKey, ImageSize image, List<AnchorSize> sizes, int count, Random random) {
        requireNonNull(image, "image");
        requireNonNull(sizes, "sizes");
        if (sizes.isEmpty()) {
            throw new IllegalArgumentException("random boxes need at least one size to draw from");
        }
        List<Detection> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            AnchorSize size = sizes.get(random.nextInt(sizes.size()));
            double w = Math.min(size.width(), image.columns());
            double h = Math.min(size.height(), image.rows());
            double x1 = random.nextDouble() * (image.columns() - w);
            double y1 = random.nextDouble() * (image.rows() - h);
            out.add(new Detection(imageKey, BoundingBox.ofSize(x1, y1, w, h), random.nextDouble(), 0));
        }
        return out;
    }
}
