package org.deeplesion.recist;

import java.util.ArrayList;
import java.util.List;

/**
 * Converts between this project's 0-based pixel-centre coordinates and the PIXEL annotation units of DICOM
 * presentation states (PS3.3 C.10.5.1.2), where the top-left corner of the top-left pixel is (0, 0), so the centre
 * of the pixel in column x and row y is (x + 0.5, y + 0.5). Graphic Data (0070,0022) lists each point column first.
 *
 * <p>The synthetic generator writes RECIST lines with {@link #toGraphicData}; the mining stage reads them back with
 * {@link #fromGraphicData}. Keep both directions here so they cannot drift apart.
 */
public final class GraphicPixelCoordinates {

    /** What PIXEL units add to a pixel-centre coordinate. */
    public static final double PIXEL_CENTRE_OFFSET = 0.5;

    private GraphicPixelCoordinates() {}

    /** Graphic Data values (column, row pairs) for points in pixel-centre coordinates. */
    public static float[] toGraphicData(PixelPoint... points) {
        float[] data = new float[points.length * 2];
        for (int i = 0; i < points.length; i++) {
            data[2 * i] = (float) (points[i].x() + PIXEL_CENTRE_OFFSET);
            data[2 * i + 1] = (float) (points[i].y() + PIXEL_CENTRE_OFFSET);
        }
        return data;
    }

    /**
     * Points in pixel-centre coordinates from Graphic Data in PIXEL units.
     *
     * @throws IllegalArgumentException when the values do not form (column, row) pairs
     */
    public static List<PixelPoint> fromGraphicData(double[] graphicData) {
        if (graphicData.length % 2 != 0) {
            throw new IllegalArgumentException(
                    "graphic data of 2-D points needs an even number of values, got " + graphicData.length);
        }
        List<PixelPoint> points = new ArrayList<>(graphicData.length / 2);
        for (int i = 0; i < graphicData.length; i += 2) {
            points.add(new PixelPoint(graphicData[i] - PIXEL_CENTRE_OFFSET, graphicData[i + 1] - PIXEL_CENTRE_OFFSET));
        }
        return points;
    }
}
