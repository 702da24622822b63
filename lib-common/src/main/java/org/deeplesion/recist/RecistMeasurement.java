package org.deeplesion.recist;

import static java.util.Objects.requireNonNull;

/**
 * A RECIST measurement on one image: the lesion's longest diameter and, for a two-axis measurement, the longest
 * diameter perpendicular to it. Endpoints are in 0-based pixel-centre coordinates ({@link PixelPoint}).
 *
 * <p>Lymph nodes and follow-up readings are sometimes measured along one axis only, so the short axis may be
 * absent; both of its endpoints are then null.
 */
public record RecistMeasurement(PixelPoint longStart, PixelPoint longEnd, PixelPoint shortStart, PixelPoint shortEnd) {

    public RecistMeasurement {
        requireNonNull(longStart, "longStart");
        requireNonNull(longEnd, "longEnd");
        if ((shortStart == null) != (shortEnd == null)) {
            throw new IllegalArgumentException(
                    "a short axis needs both endpoints, got " + shortStart + " and " + shortEnd);
        }
    }

    public static RecistMeasurement twoAxes(
            PixelPoint longStart, PixelPoint longEnd, PixelPoint shortStart, PixelPoint shortEnd) {
        return new RecistMeasurement(
                longStart, longEnd, requireNonNull(shortStart, "shortStart"), requireNonNull(shortEnd, "shortEnd"));
    }

    public static RecistMeasurement longAxisOnly(PixelPoint longStart, PixelPoint longEnd) {
        return new RecistMeasurement(longStart, longEnd, null, null);
    }

    public boolean hasShortAxis() {
        return shortStart != null;
    }

    public double longDiameterPx() {
        return longStart.distanceTo(longEnd);
    }

    /** @throws IllegalStateException for a one-axis measurement */
    public double shortDiameterPx() {
        requireShortAxis();
        return shortStart.distanceTo(shortEnd);
    }

    public double longDiameterMm(PixelSpacing spacing) {
        return longStart.distanceMm(longEnd, spacing);
    }

    /** @throws IllegalStateException for a one-axis measurement */
    public double shortDiameterMm(PixelSpacing spacing) {
        requireShortAxis();
        return shortStart.distanceMm(shortEnd, spacing);
    }

    /**
     * The angle between the two axes in degrees, 0 to 90; RECIST asks for 90. Measured in pixel space, which is
     * what a reader sees on screen.
     *
     * @throws IllegalStateException for a one-axis measurement or a zero-length axis
     */
    public double angleBetweenAxesDegrees() {
        requireShortAxis();
        double lx = longEnd.x() - longStart.x();
        double ly = longEnd.y() - longStart.y();
        double sx = shortEnd.x() - shortStart.x();
        double sy = shortEnd.y() - shortStart.y();
        double norms = Math.hypot(lx, ly) * Math.hypot(sx, sy);
        if (norms == 0) {
            throw new IllegalStateException("an axis of zero length has no direction: " + this);
        }
        double cos = Math.abs(lx * sx + ly * sy) / norms;
        return Math.toDegrees(Math.acos(Math.min(1.0, cos)));
    }

    public boolean isPerpendicular(double toleranceDegrees) {
        return hasShortAxis() && 90.0 - angleBetweenAxesDegrees() <= toleranceDegrees;
    }

    /** Whether the two axis segments intersect (touching counts), as they must for a valid two-axis reading. */
    public boolean axesCross() {
        requireShortAxis();
        double d1 = orientation(shortStart, shortEnd, longStart);
        double d2 = orientation(shortStart, shortEnd, longEnd);
        double d3 = orientation(longStart, longEnd, shortStart);
        double d4 = orientation(longStart, longEnd, shortEnd);
        if (d1 * d2 < 0 && d3 * d4 < 0) {
            return true;
        }
        return d1 == 0 && onSegment(shortStart, shortEnd, longStart)
                || d2 == 0 && onSegment(shortStart, shortEnd, longEnd)
                || d3 == 0 && onSegment(longStart, longEnd, shortStart)
                || d4 == 0 && onSegment(longStart, longEnd, shortEnd);
    }

    /** The measurement moved by (dx, dy), for converting between coordinate conventions. */
    public RecistMeasurement translated(double dx, double dy) {
        return new RecistMeasurement(
                shift(longStart, dx, dy), shift(longEnd, dx, dy), shift(shortStart, dx, dy), shift(shortEnd, dx, dy));
    }

    private static PixelPoint shift(PixelPoint p, double dx, double dy) {
        return p == null ? null : new PixelPoint(p.x() + dx, p.y() + dy);
    }

    private void requireShortAxis() {
        if (!hasShortAxis()) {
            throw new IllegalStateException("one-axis measurement has no short axis");
        }
    }

    private static double orientation(PixelPoint a, PixelPoint b, PixelPoint c) {
        return (b.x() - a.x()) * (c.y() - a.y()) - (b.y() - a.y()) * (c.x() - a.x());
    }

    private static boolean onSegment(PixelPoint a, PixelPoint b, PixelPoint p) {
        return p.x() >= Math.min(a.x(), b.x())
                && p.x() <= Math.max(a.x(), b.x())
                && p.y() >= Math.min(a.y(), b.y())
                && p.y() <= Math.max(a.y(), b.y());
    }
}
