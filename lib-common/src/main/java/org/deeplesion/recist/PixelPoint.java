package org.deeplesion.recist;

/**
 * A point on an image in 0-based pixel-centre coordinates: the centre of the pixel in column i and row j is
 * (i.0, j.0). Every geometry value of this project uses this convention; the file formats that differ (DeepLesion's
 * 1-based CSV, the presentation state's corner-based PIXEL units) are converted at their reader and writer.
 *
 * @param x column coordinate, growing to the right
 * @param y row coordinate, growing downwards
 */
public record PixelPoint(double x, double y) {

    public PixelPoint {
        if (!Double.isFinite(x) || !Double.isFinite(y)) {
            throw new IllegalArgumentException("pixel point must be finite, was (" + x + ", " + y + ")");
        }
    }

    public double distanceTo(PixelPoint other) {
        return Math.hypot(other.x - x, other.y - y);
    }

    /** The distance in millimetres, where columns and rows may be spaced differently. */
    public double distanceMm(PixelPoint other, PixelSpacing spacing) {
        return Math.hypot((other.x - x) * spacing.xMm(), (other.y - y) * spacing.yMm());
    }
}
