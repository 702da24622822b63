package org.deeplesion.recist;

/**
 * The physical size of a pixel. DICOM's Pixel Spacing (0028,0030) lists the row spacing (the vertical distance,
 * {@link #yMm}) first and the column spacing ({@link #xMm}) second; this record names them by axis to stop that
 * order from leaking into geometry code.
 *
 * @param xMm distance between the centres of horizontally adjacent pixels
 * @param yMm distance between the centres of vertically adjacent pixels
 */
public record PixelSpacing(double xMm, double yMm) {

    public PixelSpacing {
        if (!(xMm > 0) || !(yMm > 0) || Double.isInfinite(xMm) || Double.isInfinite(yMm)) {
            throw new IllegalArgumentException(
                    "pixel spacing must be positive and finite, was x=" + xMm + " mm, y=" + yMm + " mm");
        }
    }

    public static PixelSpacing isotropic(double mm) {
        return new PixelSpacing(mm, mm);
    }
}
