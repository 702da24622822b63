package org.deeplesion.recist;

import static java.util.Objects.requireNonNull;

/**
 * An axis-aligned box on an image in 0-based pixel-centre coordinates, both corners inclusive: the box (2, 3, 4, 3)
 * covers the three pixels (2..4, 3). Width, height, area and IoU count pixels the way the DeepLesion reference code
 * does ({@code x2 - x1 + 1}), so scores computed here match published ones.
 */
public record BoundingBox(double x1, double y1, double x2, double y2) {

    /** DeepLesion pads the extent of the RECIST endpoints by this many pixels on every side. */
    public static final double DEEPLESION_PADDING_PX = 5;

    public BoundingBox {
        if (!Double.isFinite(x1) || !Double.isFinite(y1) || !Double.isFinite(x2) || !Double.isFinite(y2)) {
            throw new IllegalArgumentException("box corners must be finite, was " + describe(x1, y1, x2, y2));
        }
        if (x2 < x1 || y2 < y1) {
            throw new IllegalArgumentException("box needs x1 <= x2 and y1 <= y2, was " + describe(x1, y1, x2, y2));
        }
    }

    /** The DeepLesion box of a measurement: {@link #fromRecist(RecistMeasurement, double, int, int)} with 5 px. */
    public static BoundingBox fromRecist(RecistMeasurement measurement, int rows, int columns) {
        return fromRecist(measurement, DEEPLESION_PADDING_PX, rows, columns);
    }

    /**
     * The extent of a measurement's endpoints, padded on every side and clipped to the image.
     *
     * @throws IllegalArgumentException when the padding is negative or the endpoints lie wholly outside the image
     */
    public static BoundingBox fromRecist(RecistMeasurement measurement, double padding, int rows, int columns) {
        requireNonNull(measurement, "measurement");
        if (!(padding >= 0) || Double.isInfinite(padding)) {
            throw new IllegalArgumentException("padding must be a finite number >= 0, was " + padding);
        }
        if (rows <= 0 || columns <= 0) {
            throw new IllegalArgumentException(
                    "image size must be positive, was " + rows + " rows x " + columns + " columns");
        }
        double minX =
                Math.min(measurement.longStart().x(), measurement.longEnd().x());
        double maxX =
                Math.max(measurement.longStart().x(), measurement.longEnd().x());
        double minY =
                Math.min(measurement.longStart().y(), measurement.longEnd().y());
        double maxY =
                Math.max(measurement.longStart().y(), measurement.longEnd().y());
        if (measurement.hasShortAxis()) {
            minX = Math.min(
                    minX,
                    Math.min(
                            measurement.shortStart().x(), measurement.shortEnd().x()));
            maxX = Math.max(
                    maxX,
                    Math.max(
                            measurement.shortStart().x(), measurement.shortEnd().x()));
            minY = Math.min(
                    minY,
                    Math.min(
                            measurement.shortStart().y(), measurement.shortEnd().y()));
            maxY = Math.max(
                    maxY,
                    Math.max(
                            measurement.shortStart().y(), measurement.shortEnd().y()));
        }
        double x1 = Math.max(0, minX - padding);
        double y1 = Math.max(0, minY - padding);
        double x2 = Math.min(columns - 1, maxX + padding);
        double y2 = Math.min(rows - 1, maxY + padding);
        if (x1 > x2 || y1 > y2) {
            throw new IllegalArgumentException(
                    "measurement " + measurement + " lies outside the " + rows + " x " + columns + " image");
        }
        return new BoundingBox(x1, y1, x2, y2);
    }

    public double width() {
        return x2 - x1 + 1;
    }

    public double height() {
        return y2 - y1 + 1;
    }

    public double area() {
        return width() * height();
    }

    public PixelPoint centre() {
        return new PixelPoint((x1 + x2) / 2, (y1 + y2) / 2);
    }

    public boolean contains(PixelPoint p) {
        return p.x() >= x1 && p.x() <= x2 && p.y() >= y1 && p.y() <= y2;
    }

    public boolean contains(BoundingBox other) {
        return other.x1 >= x1 && other.x2 <= x2 && other.y1 >= y1 && other.y2 <= y2;
    }

    /** Intersection over union with inclusive pixel extents; 0 for boxes that do not overlap. */
    public double iou(BoundingBox other) {
        requireNonNull(other, "other");
        double iw = Math.min(x2, other.x2) - Math.max(x1, other.x1) + 1;
        double ih = Math.min(y2, other.y2) - Math.max(y1, other.y1) + 1;
        if (iw <= 0 || ih <= 0) {
            return 0;
        }
        double intersection = iw * ih;
        return intersection / (area() + other.area() - intersection);
    }

    /**
     * The box whose top-left pixel is (x1, y1) and that counts {@code width} x {@code height} pixels (as
     * {@link #width()} counts them); a size below one pixel gives a box one pixel wide. The far corner is
     * {@code x1 + (width - 1)}, not {@code x1 + width - 1}: for a box one pixel wide, {@code (x1 + 1) - 1} can round
     * below {@code x1}.
     */
    public static BoundingBox ofSize(double x1, double y1, double width, double height) {
        return new BoundingBox(x1, y1, x1 + Math.max(0, width - 1), y1 + Math.max(0, height - 1));
    }

    /** The box moved by (dx, dy), for converting between coordinate conventions. */
    public BoundingBox translated(double dx, double dy) {
        return new BoundingBox(x1 + dx, y1 + dy, x2 + dx, y2 + dy);
    }

    private static String describe(double x1, double y1, double x2, double y2) {
        return "(" + x1 + ", " + y1 + ", " + x2 + ", " + y2 + ")";
    }
}
