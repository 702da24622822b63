package org.deeplesion.detect;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;
import org.deeplesion.ct.SamplingGrid;
import org.deeplesion.ct.Window;

/**
 * How the detector sees a key slice: the slice and its neighbours {@code intervalMm} above and below as three
 * channels, resampled to {@code spacingMm} per pixel and shown through one HU window; proposals on a grid of
 * {@code stride} pixels; training on square patches of {@code patchPx}; each proposal's region cut out with
 * {@code regionContext} times its size around it (at least {@code minRegionMm}) at {@code regionPx} square.
 *
 * <p>A fixed physical spacing makes a 10 mm lesion the same number of pixels whatever the scanner's field of view,
 * which lets a small network learn sizes once; 2 mm per pixel keeps the smallest DeepLesion boxes (about 12 mm with
 * their 5 px padding) at six pixels while a whole slice fits in about 250 x 250.
 */
public record DetectorGeometry(
        double spacingMm,
        double intervalMm,
        Window window,
        int stride,
        int patchPx,
        int regionPx,
        double regionContext,
        double minRegionMm)
        implements Serializable {

    private static final long serialVersionUID = 1L;

    /**
     * The proposal grid of {@link #defaults()}: 4 pixels (8 mm at 2 mm per pixel). A grid of 8 places a lesion of 12-15
     * mm, under one cell, coarsely (most misses of a model trained on it were such lesions, found but too large or off
     * centre); on two 128 px cohorts the 4-pixel grid raised sensitivity at 4 FP per image by 8 to 12 points, for about
     * a quarter more training time (docs/experiments.md).
     */
    public static final int DEFAULT_STRIDE = 4;

    /**
     * The neighbour channels of {@link #defaults()}: 2 mm above and below the key slice, as the DeepLesion paper's
     * three-slice baseline.
     */
    public static final double DEFAULT_INTERVAL_MM = 2.0;

    public static DetectorGeometry defaults() {
        return new DetectorGeometry(2.0, DEFAULT_INTERVAL_MM, Window.SOFT_TISSUE, DEFAULT_STRIDE, 96, 32, 2.0, 16.0);
    }

    public DetectorGeometry {
        requireNonNull(window, "window");
        positive(spacingMm, "pixel spacing");
        positive(intervalMm, "slice interval");
        positive(minRegionMm, "smallest region");
        if (stride != 4 && stride != 8) {
            throw new IllegalArgumentException("proposal stride must be 4 or 8 pixels, was " + stride);
        }
        if (patchPx < 4 * stride || patchPx % stride != 0) {
            throw new IllegalArgumentException("training patches must be a multiple of the stride " + stride
                    + " and at least " + 4 * stride + " px, was " + patchPx);
        }
        if (regionPx < 8 || regionPx > 128) {
            throw new IllegalArgumentException("region crops must be 8..128 px, was " + regionPx);
        }
        if (!(regionContext >= 1) || Double.isInfinite(regionContext)) {
            throw new IllegalArgumentException("region context must be >= 1 times the box, was " + regionContext);
        }
    }

    /**
     * The grid that resamples a slice of the given size and spacing to this geometry, with its width and height
     * rounded up to whole proposal cells (what lies beyond the slice is air).
     */
    public SamplingGrid imageGrid(int columns, int rows, double columnSpacingMm, double rowSpacingMm) {
        if (columns < 1 || rows < 1) {
            throw new IllegalArgumentException("slice size must be positive, was " + columns + " x " + rows);
        }
        positive(columnSpacingMm, "column spacing");
        positive(rowSpacingMm, "row spacing");
        double stepX = spacingMm / columnSpacingMm;
        double stepY = spacingMm / rowSpacingMm;
        int width = cells(columns / stepX) * stride;
        int height = cells(rows / stepY) * stride;
        return new SamplingGrid(stepX / 2 - 0.5, stepY / 2 - 0.5, stepX, stepY, width, height);
    }

    private int cells(double pixels) {
        return Math.max(1, (int) Math.ceil(pixels / stride - 1e-9));
    }

    private static void positive(double value, String what) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(what + " must be positive millimetres, was " + value);
        }
    }
}
