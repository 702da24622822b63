package org.deeplesion.synth;

/**
 * One ellipse of a slice, painted over what lies below it. A masked region paints only where the value below is
 * within [maskLow, maskHigh], which is how vessels stay inside the lungs and bowel inside the abdominal cavity. A
 * textured region adds {@code amplitude * sin(k dx) * cos(k dy)} around its centre, which is zero at the centre so
 * that the centre keeps the region's mean value.
 *
 * @param textureWavelength in the units of the shape; 0 for an untextured region
 */
record Region(
        Ellipse shape,
        float hu,
        Tissue tissue,
        float maskLow,
        float maskHigh,
        float textureAmplitude,
        double textureWavelength) {

    static Region fill(Ellipse shape, float hu, Tissue tissue) {
        return new Region(shape, hu, tissue, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY, 0, 0);
    }

    /** Paints only over values equal to {@code below} (within half a HU). */
    static Region over(Ellipse shape, float hu, Tissue tissue, float below) {
        return new Region(shape, hu, tissue, below - 0.5f, below + 0.5f, 0, 0);
    }

    static Region textured(Ellipse shape, float hu, Tissue tissue, float amplitude, double wavelength) {
        return new Region(shape, hu, tissue, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY, amplitude, wavelength);
    }

    boolean masked() {
        return maskLow != Float.NEGATIVE_INFINITY || maskHigh != Float.POSITIVE_INFINITY;
    }

    boolean textured() {
        return textureAmplitude != 0;
    }

    Region withShape(Ellipse newShape, double wavelength) {
        return new Region(newShape, hu, tissue, maskLow, maskHigh, textureAmplitude, wavelength);
    }
}
