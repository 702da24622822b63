package org.deeplesion.detect;

import static java.util.Objects.requireNonNull;

import org.deeplesion.recist.BoundingBox;
import org.deeplesion.recist.ImageSize;
import org.deeplesion.recist.PixelPoint;

/**
 * Encodes a box as a {@link BoxDelta} relative to a reference box and decodes it back. Sizes are inclusive pixel
 * counts ({@link BoundingBox#width()}) and centres are {@link BoundingBox#centre()}, so a box decoded from its own
 * delta is the box itself.
 *
 * <p>The weights scale the deltas so that the regression targets have similar spread: (1, 1, 1, 1) for proposals
 * against anchors, (10, 10, 5, 5) for refining proposals, as in Faster R-CNN.
 */
public record BoxCoder(double weightX, double weightY, double weightWidth, double weightHeight) {

    public static final BoxCoder PROPOSALS = new BoxCoder(1, 1, 1, 1);
    public static final BoxCoder REFINEMENT = new BoxCoder(10, 10, 5, 5);

    /**
     * Decoding caps log size ratios here, Detectron's bound: a box at most 62.5 times its reference. An untrained
     * network's outputs would otherwise overflow {@code exp} into infinite boxes.
     */
    public static final double MAX_LOG_SIZE_RATIO = Math.log(1000.0 / 16);

    public BoxCoder {
        if (!(weightX > 0)
                || !(weightY > 0)
                || !(weightWidth > 0)
                || !(weightHeight > 0)
                || Double.isInfinite(weightX + weightY + weightWidth + weightHeight)) {
            throw new IllegalArgumentException("box coder weights must be positive and finite, was (" + weightX + ", "
                    + weightY + ", " + weightWidth + ", " + weightHeight + ")");
        }
    }

    public BoxDelta encode(BoundingBox reference, BoundingBox box) {
        requireNonNull(reference, "reference");
        requireNonNull(box, "box");
        PixelPoint from = reference.centre();
        PixelPoint to = box.centre();
        return new BoxDelta(
                weightX * (to.x() - from.x()) / reference.width(),
                weightY * (to.y() - from.y()) / reference.height(),
                weightWidth * Math.log(box.width() / reference.width()),
                weightHeight * Math.log(box.height() / reference.height()));
    }

    /**
     * The box a delta describes. Size ratios are capped at {@link #MAX_LOG_SIZE_RATIO}, and a decoded size below
     * one pixel becomes one pixel, the smallest box inclusive extents can express.
     */
    public BoundingBox decode(BoundingBox reference, BoxDelta delta) {
        requireNonNull(reference, "reference");
        requireNonNull(delta, "delta");
        PixelPoint from = reference.centre();
        double cx = from.x() + delta.dx() / weightX * reference.width();
        double cy = from.y() + delta.dy() / weightY * reference.height();
        double w = Math.max(1, reference.width() * Math.exp(Math.min(delta.dw() / weightWidth, MAX_LOG_SIZE_RATIO)));
        double h = Math.max(1, reference.height() * Math.exp(Math.min(delta.dh() / weightHeight, MAX_LOG_SIZE_RATIO)));
        return new BoundingBox(cx - (w - 1) / 2, cy - (h - 1) / 2, cx + (w - 1) / 2, cy + (h - 1) / 2);
    }

    /**
     * The box limited to the image's pixel centres, 0..columns-1 and 0..rows-1. A box wholly outside the image
     * shrinks onto the nearest edge, one pixel thick, rather than vanishing, so callers keep their box count.
     */
    public static BoundingBox clip(BoundingBox box, ImageSize image) {
        requireNonNull(box, "box");
        requireNonNull(image, "image");
        double maxX = image.columns() - 1;
        double maxY = image.rows() - 1;
        return new BoundingBox(
                clamp(box.x1(), maxX), clamp(box.y1(), maxY), clamp(box.x2(), maxX), clamp(box.y2(), maxY));
    }

    private static double clamp(double v, double max) {
        return Math.max(0, Math.min(max, v));
    }
}
