package org.deeplesion.synth;

import org.deeplesion.recist.PixelSpacing;

/**
 * Where one axial series lies in the phantom and in the patient coordinate system: slice k is at phantom position
 * {@code t(k)}, moving from head to feet, and at patient z {@code z(k)} (DICOM z grows towards the head). The image
 * centre is the scanner's isocentre, patient x = y = 0; the patient lies off centre by (offsetX, offsetY).
 *
 * @param firstT phantom t of slice 0
 * @param apexZ patient z of the phantom's t = 0, i.e. of the table position
 */
record SeriesGeometry(
        int rows,
        int columns,
        double spacingMm,
        double intervalMm,
        int sliceCount,
        double firstT,
        double apexZ,
        double offsetX,
        double offsetY) {

    double t(int slice) {
        return firstT + slice * intervalMm;
    }

    double z(int slice) {
        return apexZ - t(slice);
    }

    /** The fractional slice index of phantom position t. */
    double sliceOf(double t) {
        return (t - firstT) / intervalMm;
    }

    double column(double phantomX) {
        return (phantomX + offsetX) / spacingMm + (columns - 1) / 2.0;
    }

    double row(double phantomY) {
        return (phantomY + offsetY) / spacingMm + (rows - 1) / 2.0;
    }

    /** Patient x of the centre of column 0 (and, for rows, patient y of the centre of row 0). */
    double firstColumnX() {
        return -(columns - 1) / 2.0 * spacingMm;
    }

    double firstRowY() {
        return -(rows - 1) / 2.0 * spacingMm;
    }

    Ellipse toPixels(Ellipse mm) {
        return new Ellipse(column(mm.cx()), row(mm.cy()), mm.a() / spacingMm, mm.b() / spacingMm, mm.angle());
    }

    Region toPixels(Region mm) {
        return mm.withShape(toPixels(mm.shape()), mm.textureWavelength() / spacingMm);
    }

    PixelSpacing pixelSpacing() {
        return PixelSpacing.isotropic(spacingMm);
    }
}
