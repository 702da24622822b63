package org.deeplesion.synth;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Paints one slice from its regions (in pixels), softens edges, adds noise and quantises to whole HU. Each region
 * touches only the rows and columns its ellipse covers; the buffers are reused from slice to slice, so rendering
 * allocates nothing per slice or per pixel. Not thread-safe: use one renderer per thread.
 */
final class SliceRenderer {

    private final int rows;
    private final int columns;
    private final float[] image;
    private final float[] scratch;
    private final int[] span = new int[2];

    SliceRenderer(int rows, int columns) {
        this.rows = rows;
        this.columns = columns;
        this.image = new float[rows * columns];
        this.scratch = new float[rows * columns];
    }

    /**
     * Renders the regions in order over air into {@code hu}, clamped to {@code minHu..maxHu}.
     *
     * @param noise the slice's own generator, so slices can be rendered in any order
     */
    void render(
            List<Region> regions,
            boolean blur,
            double noiseSigma,
            SplittableRandom noise,
            int minHu,
            int maxHu,
            short[] hu) {
        if (hu.length != image.length) {
            throw new IllegalArgumentException("output holds " + hu.length + " pixels, the slice has " + image.length);
        }
        Arrays.fill(image, Anatomy.AIR);
        for (Region region : regions) {
            paint(region);
        }
        if (blur) {
            blur();
        }
        for (int i = 0; i < image.length; i++) {
            double value = image[i] + noiseSigma * noise.nextGaussian();
            long rounded = Math.round(value);
            hu[i] = (short) Math.max(minHu, Math.min(maxHu, rounded));
        }
    }

    private void paint(Region region) {
        Ellipse shape = region.shape();
        int firstRow = Math.max(0, shape.firstRow());
        int lastRow = Math.min(rows - 1, shape.lastRow());
        float value = region.hu();
        for (int row = firstRow; row <= lastRow; row++) {
            if (!shape.columnSpan(row, span)) {
                continue;
            }
            int from = row * columns + Math.max(0, span[0]);
            int to = row * columns + Math.min(columns - 1, span[1]);
            if (from > to) {
                continue;
            }
            if (region.textured()) {
                paintTexture(region, row, from, to);
            } else if (region.masked()) {
                float low = region.maskLow();
                float high = region.maskHigh();
                for (int i = from; i <= to; i++) {
                    float below = image[i];
                    if (below >= low && below <= high) {
                        image[i] = value;
                    }
                }
            } else {
                Arrays.fill(image, from, to + 1, value);
            }
        }
    }

    private void paintTexture(Region region, int row, int from, int to) {
        Ellipse shape = region.shape();
        double k = 2 * Math.PI / region.textureWavelength();
        double rowFactor = region.textureAmplitude() * Math.cos(k * (row - shape.cy()));
        int rowStart = row * columns;
        for (int i = from; i <= to; i++) {
            image[i] = (float) (region.hu() + rowFactor * Math.sin(k * (i - rowStart - shape.cx())));
        }
    }

    /** A separable [1 2 1] / 4 kernel: edges soften by about a pixel, flat regions keep their value. */
    private void blur() {
        for (int row = 0; row < rows; row++) {
            int base = row * columns;
            for (int col = 0; col < columns; col++) {
                float left = image[base + Math.max(0, col - 1)];
                float right = image[base + Math.min(columns - 1, col + 1)];
                scratch[base + col] = 0.25f * left + 0.5f * image[base + col] + 0.25f * right;
            }
        }
        for (int row = 0; row < rows; row++) {
            int above = Math.max(0, row - 1) * columns;
            int here = row * columns;
            int below = Math.min(rows - 1, row + 1) * columns;
            for (int col = 0; col < columns; col++) {
                image[here + col] =
                        0.25f * scratch[above + col] + 0.5f * scratch[here + col] + 0.25f * scratch[below + col];
            }
        }
    }
}
