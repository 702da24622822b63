package org.deeplesion.detect;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.deeplesion.ct.SamplingGrid;
import org.deeplesion.ct.SeriesSlice;
import org.deeplesion.ct.SliceStack;
import org.deeplesion.recist.BoundingBox;

/**
 * A key slice as the detector sees it ({@link DetectorGeometry}): three windowed channels on a grid at the
 * detector's spacing, with the grid that maps boxes between this image and the original slice.
 *
 * @param pixels channel by channel, each row by row, values in [0, 1]
 * @param grid where this image's pixels lie on the original slice
 */
public record DetectorImage(float[] pixels, SamplingGrid grid) {

    public DetectorImage {
        requireNonNull(pixels, "pixels");
        requireNonNull(grid, "grid");
        if (pixels.length != SliceStack.CHANNELS * grid.columns() * grid.rows()) {
            throw new IllegalArgumentException(pixels.length + " values are not " + SliceStack.CHANNELS
                    + " channels of " + grid.columns() + " x " + grid.rows());
        }
    }

    /**
     * The detector's view of the slice at {@code keyPositionMm} of a series.
     *
     * @param series slices of the series near the key slice (at least the key slice), in any order
     */
    public static DetectorImage of(
            List<SeriesSlice> series,
            int rows,
            int columns,
            double rowSpacingMm,
            double columnSpacingMm,
            double keyPositionMm,
            DetectorGeometry geometry) {
        SamplingGrid grid = geometry.imageGrid(columns, rows, columnSpacingMm, rowSpacingMm);
        return new DetectorImage(
                SliceStack.keyAndNeighbours(
                        series, rows, columns, keyPositionMm, geometry.intervalMm(), grid, geometry.window()),
                grid);
    }

    public int width() {
        return grid.columns();
    }

    public int height() {
        return grid.rows();
    }

    /** A box on the original slice, in this image's pixels. */
    public BoundingBox fromSlice(BoundingBox box) {
        return fromSlice(grid, box);
    }

    /** A box on the original slice, in the pixels of an image on {@code grid}. */
    public static BoundingBox fromSlice(SamplingGrid grid, BoundingBox box) {
        return new BoundingBox(
                grid.columnOf(box.x1()), grid.rowOf(box.y1()), grid.columnOf(box.x2()), grid.rowOf(box.y2()));
    }

    /** A box in this image's pixels, on the original slice. */
    public BoundingBox toSlice(BoundingBox box) {
        return new BoundingBox(
                grid.sourceX(box.x1()), grid.sourceY(box.y1()), grid.sourceX(box.x2()), grid.sourceY(box.y2()));
    }

    /**
     * A square of {@code size} pixels whose top-left pixel is (x0, y0), mirrored left to right when asked; what lies
     * outside the image is 0, the window's floor, as air is.
     */
    public float[] patch(int x0, int y0, int size, boolean mirrored) {
        int w = width();
        int h = height();
        int plane = size * size;
        float[] out = new float[SliceStack.CHANNELS * plane];
        for (int c = 0; c < SliceStack.CHANNELS; c++) {
            for (int r = 0; r < size; r++) {
                int y = y0 + r;
                if (y < 0 || y >= h) {
                    continue;
                }
                for (int col = 0; col < size; col++) {
                    int x = x0 + (mirrored ? size - 1 - col : col);
                    if (x >= 0 && x < w) {
                        out[c * plane + r * size + col] = pixels[(c * h + y) * w + x];
                    }
                }
            }
        }
        return out;
    }

    /**
     * A square region of {@code size} pixels around a box centre, {@code side} image pixels across, sampled
     * bilinearly; outside the image is 0.
     */
    public float[] region(double centreX, double centreY, double side, int size) {
        int w = width();
        int h = height();
        int plane = size * size;
        float[] out = new float[SliceStack.CHANNELS * plane];
        double step = side / size;
        double x0 = centreX - (size - 1) * step / 2;
        double y0 = centreY - (size - 1) * step / 2;
        for (int c = 0; c < SliceStack.CHANNELS; c++) {
            int base = c * h * w;
            for (int r = 0; r < size; r++) {
                double y = y0 + r * step;
                int yi = (int) Math.floor(y);
                double fy = y - yi;
                for (int col = 0; col < size; col++) {
                    double x = x0 + col * step;
                    int xi = (int) Math.floor(x);
                    double fx = x - xi;
                    double top = lerp(at(base, w, h, xi, yi), at(base, w, h, xi + 1, yi), fx);
                    double bottom = lerp(at(base, w, h, xi, yi + 1), at(base, w, h, xi + 1, yi + 1), fx);
                    out[c * plane + r * size + col] = (float) lerp(top, bottom, fy);
                }
            }
        }
        return out;
    }

    private float at(int base, int w, int h, int x, int y) {
        return x < 0 || y < 0 || x >= w || y >= h ? 0f : pixels[base + y * w + x];
    }

    private static double lerp(double a, double b, double t) {
        return a + (b - a) * t;
    }
}
