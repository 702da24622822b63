package org.deeplesion.synth;

import java.util.SplittableRandom;

/**
 * A vessel or bowel loop running roughly craniocaudally through a host organ, as a circle whose centre drifts
 * linearly with t. Its position is given relative to the host's ellipse (u, v in -1..1 along the host's semi-axes),
 * so it follows the organ as the organ changes size from slice to slice.
 */
record Tube(
        double u0,
        double v0,
        double uPerMm,
        double vPerMm,
        double tStart,
        double tEnd,
        double radiusMm,
        float hu,
        boolean gasCore) {

    static Tube random(
            SplittableRandom r,
            double tStart,
            double tEnd,
            double minRadius,
            double maxRadius,
            float hu,
            double gasCoreShare) {
        double angle = r.nextDouble(2 * Math.PI);
        double radial = Math.sqrt(r.nextDouble()) * 0.85;
        double start = tStart + r.nextDouble(Math.max(1e-6, (tEnd - tStart) * 0.6));
        double length = 30 + r.nextDouble(Math.max(1e-6, tEnd - start - 30));
        return new Tube(
                radial * Math.cos(angle),
                radial * Math.sin(angle),
                r.nextDouble(-0.004, 0.004),
                r.nextDouble(-0.004, 0.004),
                start,
                start + length,
                r.nextDouble(minRadius, maxRadius),
                hu,
                r.nextDouble() < gasCoreShare);
    }

    boolean presentAt(double t) {
        return t >= tStart && t <= tEnd;
    }

    /** The tube's cross-section at t inside a host ellipse, or null when the tube does not reach t. */
    Ellipse crossSection(double t, Ellipse host) {
        if (!presentAt(t)) {
            return null;
        }
        double u = u0 + uPerMm * (t - tStart);
        double v = v0 + vPerMm * (t - tStart);
        double cos = Math.cos(host.angle());
        double sin = Math.sin(host.angle());
        double x = u * host.a();
        double y = v * host.b();
        return Ellipse.circle(host.cx() + x * cos - y * sin, host.cy() + x * sin + y * cos, radiusMm);
    }
}
