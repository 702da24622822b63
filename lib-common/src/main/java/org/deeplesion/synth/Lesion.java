package org.deeplesion.synth;

import org.deeplesion.release.CoarseLesionType;

/**
 * A lesion of one series: an ellipsoid in phantom millimetres whose third axis is craniocaudal, so every slice cuts
 * it in a scaled copy of the same ellipse and its cross-sections stay analytic.
 *
 * @param keySlice the slice nearest the centre, where the cross-section is largest
 * @param textureAmplitude 0 for a homogeneous lesion
 */
record Lesion(
        int number,
        LesionType type,
        CoarseLesionType coarseType,
        double x,
        double y,
        double t,
        double a,
        double b,
        double c,
        double angle,
        float hu,
        float textureAmplitude,
        double textureWavelengthMm,
        int keySlice,
        boolean bookmarked) {

    /** The cross-section at phantom position t, or null where the plane misses the lesion. */
    Ellipse crossSection(double planeT) {
        double dz = (planeT - t) / c;
        if (dz * dz >= 1) {
            return null;
        }
        double scale = Math.sqrt(1 - dz * dz);
        return new Ellipse(x, y, a * scale, b * scale, angle);
    }

    Region region(double planeT) {
        Ellipse section = crossSection(planeT);
        if (section == null) {
            return null;
        }
        return textureAmplitude == 0
                ? Region.fill(section, hu, Tissue.LESION)
                : Region.textured(section, hu, Tissue.LESION, textureAmplitude, textureWavelengthMm);
    }

    /** The radius of a sphere around the centre that holds the whole lesion. */
    double boundingRadius() {
        return Math.max(a, Math.max(b, c));
    }
}
