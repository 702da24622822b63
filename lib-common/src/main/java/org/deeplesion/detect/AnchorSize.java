package org.deeplesion.detect;

import java.io.Serializable;
import org.deeplesion.recist.BoundingBox;

/** The size of an anchor box in inclusive pixel counts, as {@link BoundingBox#width()} counts them. */
public record AnchorSize(double width, double height) implements Serializable {

    public AnchorSize {
        if (!(width >= 1) || !(height >= 1) || Double.isInfinite(width) || Double.isInfinite(height)) {
            throw new IllegalArgumentException(
                    "anchor size must be finite and at least 1 x 1 pixels, was " + width + " x " + height);
        }
    }

    public static AnchorSize of(BoundingBox box) {
        return new AnchorSize(box.width(), box.height());
    }

    public double area() {
        return width * height;
    }

    /** IoU of the two sizes placed on one centre: the overlap measure of YOLOv2's anchor clustering. */
    public double iou(AnchorSize other) {
        double intersection = Math.min(width, other.width) * Math.min(height, other.height);
        return intersection / (area() + other.area() - intersection);
    }

    /** The anchor box of this size centred on a point, e.g. a feature-map cell's centre. */
    public BoundingBox centredAt(double x, double y) {
        return new BoundingBox(x - (width - 1) / 2, y - (height - 1) / 2, x + (width - 1) / 2, y + (height - 1) / 2);
    }
}
