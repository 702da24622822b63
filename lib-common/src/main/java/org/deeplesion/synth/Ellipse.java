package org.deeplesion.synth;

/**
 * A filled ellipse in a plane, in millimetres (phantom coordinates) or pixels (image coordinates) depending on where
 * it is used. The first semi-axis lies at {@code angle} radians from the x axis, turning towards +y; in image
 * coordinates +y points down, so that is clockwise on screen.
 *
 * <p>Rasterising and the truth boxes both use {@link #columnSpan}, so a truth box holds exactly the pixels whose
 * centres were painted.
 */
record Ellipse(double cx, double cy, double a, double b, double angle) {

    Ellipse {
        if (!(a > 0) || !(b > 0) || !Double.isFinite(a) || !Double.isFinite(b)) {
            throw new IllegalArgumentException("semi-axes must be positive and finite, was " + a + ", " + b);
        }
    }

    static Ellipse circle(double cx, double cy, double r) {
        return new Ellipse(cx, cy, r, r, 0);
    }

    Ellipse scaled(double factor) {
        return new Ellipse(cx, cy, a * factor, b * factor, angle);
    }

    Ellipse shrunk(double margin) {
        return new Ellipse(cx, cy, Math.max(a - margin, 1e-3), Math.max(b - margin, 1e-3), angle);
    }

    /** Half the extent along x: sqrt(a^2 cos^2 + b^2 sin^2). */
    double halfWidth() {
        double c = Math.cos(angle);
        double s = Math.sin(angle);
        return Math.sqrt(a * a * c * c + b * b * s * s);
    }

    /** Half the extent along y: sqrt(a^2 sin^2 + b^2 cos^2). */
    double halfHeight() {
        double c = Math.cos(angle);
        double s = Math.sin(angle);
        return Math.sqrt(a * a * s * s + b * b * c * c);
    }

    boolean contains(double x, double y) {
        double c = Math.cos(angle);
        double s = Math.sin(angle);
        double dx = x - cx;
        double dy = y - cy;
        double u = (dx * c + dy * s) / a;
        double v = (-dx * s + dy * c) / b;
        return u * u + v * v <= 1;
    }

    /** The point at parameter t on the boundary scaled by r (r = 1 is the boundary itself). */
    double pointX(double t, double r) {
        return cx + r * (a * Math.cos(t) * Math.cos(angle) - b * Math.sin(t) * Math.sin(angle));
    }

    double pointY(double t, double r) {
        return cy + r * (a * Math.cos(t) * Math.sin(angle) + b * Math.sin(t) * Math.cos(angle));
    }

    /** First row whose pixel centre can lie inside. */
    int firstRow() {
        return (int) Math.ceil(cy - halfHeight());
    }

    /** Last row whose pixel centre can lie inside. */
    int lastRow() {
        return (int) Math.floor(cy + halfHeight());
    }

    /**
     * The inclusive range of columns whose pixel centres lie inside on one row, solving the ellipse's quadratic in
     * x for that row; writes {first, last} to {@code out} and returns false when the row misses the ellipse.
     */
    boolean columnSpan(int row, int[] out) {
        double c = Math.cos(angle);
        double s = Math.sin(angle);
        double ia2 = 1 / (a * a);
        double ib2 = 1 / (b * b);
        double p = c * c * ia2 + s * s * ib2;
        double q = c * s * (ia2 - ib2);
        double dy = row - cy;
        double discriminant = p - dy * dy * ia2 * ib2;
        if (discriminant < 0) {
            return false;
        }
        double root = Math.sqrt(discriminant);
        int first = (int) Math.ceil(cx + (-q * dy - root) / p);
        int last = (int) Math.floor(cx + (-q * dy + root) / p);
        if (first > last) {
            return false;
        }
        out[0] = first;
        out[1] = last;
        return true;
    }
}
