package org.deeplesion.ct;

import static java.util.Objects.requireNonNull;

/**
 * Bilinear resampling of a HU image onto a {@link SamplingGrid}. Beyond its edges the image continues as air, so a
 * crop reaching past the body or the scan field looks as the scanner would have seen it, and values near an edge
 * blend towards air instead of repeating the edge pixel.
 */
public final class Resampler {

    /** HU of air, what lies outside an image. */
    public static final float AIR_HU = -1000f;

    private static final int MAX_SUBSAMPLES = 8;

    private Resampler() {}

    /**
     * The HU at each grid pixel, row by row.
     *
     * @param hu the source, row by row, as {@link HuPixels#fromBytes} gives it
     * @throws IllegalArgumentException when the pixel count does not match rows x columns
     */
    public static float[] sample(short[] hu, int rows, int columns, SamplingGrid grid) {
        requireNonNull(hu, "hu");
        requireNonNull(grid, "grid");
        if (rows <= 0 || columns <= 0 || hu.length != rows * columns) {
            throw new IllegalArgumentException(columns + " x " + rows + " image cannot hold " + hu.length + " pixels");
        }
        float[] out = new float[grid.columns() * grid.rows()];
        for (int r = 0; r < grid.rows(); r++) {
            double y = grid.sourceY(r);
            int y0 = (int) Math.floor(y);
            double fy = y - y0;
            for (int c = 0; c < grid.columns(); c++) {
                double x = grid.sourceX(c);
                int x0 = (int) Math.floor(x);
                double fx = x - x0;
                double top = lerp(at(hu, rows, columns, x0, y0), at(hu, rows, columns, x0 + 1, y0), fx);
                double bottom = lerp(at(hu, rows, columns, x0, y0 + 1), at(hu, rows, columns, x0 + 1, y0 + 1), fx);
                out[r * grid.columns() + c] = (float) lerp(top, bottom, fy);
            }
        }
        return out;
    }

    /**
     * Like {@link #sample}, but each grid pixel is the mean of bilinear samples on a sub-grid fine enough that no
     * source pixel is skipped when the grid is coarser than the image: a box filter, so shrinking an image averages
     * its noise instead of aliasing it.
     */
    public static float[] sampleAveraged(short[] hu, int rows, int columns, SamplingGrid grid) {
        requireNonNull(grid, "grid");
        int sub = (int) Math.min(MAX_SUBSAMPLES, Math.max(1, Math.ceil(Math.max(grid.stepX(), grid.stepY()))));
        if (sub == 1) {
            return sample(hu, rows, columns, grid);
        }
        double fineStepX = grid.stepX() / sub;
        double fineStepY = grid.stepY() / sub;
        SamplingGrid fine = new SamplingGrid(
                grid.originX() - (sub - 1) * fineStepX / 2,
                grid.originY() - (sub - 1) * fineStepY / 2,
                fineStepX,
                fineStepY,
                grid.columns() * sub,
                grid.rows() * sub);
        float[] samples = sample(hu, rows, columns, fine);
        float[] out = new float[grid.columns() * grid.rows()];
        int fineColumns = fine.columns();
        for (int i = 0; i < fine.rows(); i++) {
            int row = (i / sub) * grid.columns();
            for (int j = 0; j < fineColumns; j++) {
                out[row + j / sub] += samples[i * fineColumns + j];
            }
        }
        float cells = sub * sub;
        for (int p = 0; p < out.length; p++) {
            out[p] /= cells;
        }
        return out;
    }

    private static double at(short[] hu, int rows, int columns, int x, int y) {
        return x < 0 || y < 0 || x >= columns || y >= rows ? AIR_HU : hu[y * columns + x];
    }

    private static double lerp(double a, double b, double t) {
        return a + (b - a) * t;
    }
}
