package org.deeplesion.dicom.codec;

import java.util.Random;

/** Synthetic CT-like frames: air, a body of soft tissue with fat and bone, gaussian noise. */
final class TestImages {
    private TestImages() {}

    /** Hounsfield units of a phantom slice, with gaussian noise of the given standard deviation. */
    static int[] hounsfield(int rows, int columns, double noise, long seed) {
        Random random = new Random(seed);
        int[] hu = new int[rows * columns];
        double cy = rows / 2.0;
        double cx = columns / 2.0;
        for (int y = 0; y < rows; y++) {
            for (int x = 0; x < columns; x++) {
                double value = -1000;
                if (inEllipse(x, y, cx, cy, 0.45 * columns, 0.38 * rows)) {
                    value = 40; // soft tissue
                    if (!inEllipse(x, y, cx, cy, 0.40 * columns, 0.33 * rows)) {
                        value = -100; // subcutaneous fat
                    }
                    if (inEllipse(x, y, cx, cy + 0.22 * rows, 0.07 * columns, 0.06 * rows)) {
                        value = 1200; // vertebra
                    }
                    if (inEllipse(x, y, cx - 0.18 * columns, cy - 0.05 * rows, 0.12 * columns, 0.17 * rows)
                            || inEllipse(x, y, cx + 0.18 * columns, cy - 0.05 * rows, 0.12 * columns, 0.17 * rows)) {
                        value = -850; // lungs
                    }
                }
                hu[y * columns + x] = (int) Math.round(value + noise * random.nextGaussian());
            }
        }
        return hu;
    }

    private static boolean inEllipse(double x, double y, double cx, double cy, double rx, double ry) {
        double dx = (x - cx) / rx;
        double dy = (y - cy) / ry;
        return dx * dx + dy * dy <= 1;
    }

    /** Stored values as a scanner writes them unsigned: HU + 1024, clipped to the precision. */
    static int[] ct(int rows, int columns, int precision, long seed) {
        int[] v = hounsfield(rows, columns, 20, seed);
        int max = (1 << precision) - 1;
        for (int i = 0; i < v.length; i++) {
            v[i] = Math.max(0, Math.min(max, v[i] + 1024));
        }
        return v;
    }

    /** HU stored signed: the two's-complement bit patterns, masked to the precision. */
    static int[] signedCt(int rows, int columns, int precision, long seed) {
        int[] v = hounsfield(rows, columns, 20, seed);
        int min = -(1 << (precision - 1));
        int max = (1 << (precision - 1)) - 1;
        int mask = (1 << precision) - 1;
        for (int i = 0; i < v.length; i++) {
            v[i] = Math.max(min, Math.min(max, v[i])) & mask;
        }
        return v;
    }

    /** An 8-bit rendering through a soft-tissue window (centre 40, width 400), as in secondary captures. */
    static int[] windowed8(int rows, int columns, long seed) {
        int[] v = hounsfield(rows, columns, 20, seed);
        for (int i = 0; i < v.length; i++) {
            v[i] = Math.max(0, Math.min(255, (int) Math.round((v[i] - (40 - 200)) * 255.0 / 400)));
        }
        return v;
    }

    /** Uniform noise over the whole range: large prediction differences, including category 16 at 16 bits. */
    static int[] noise(int count, int precision, long seed) {
        Random random = new Random(seed);
        int[] v = new int[count];
        for (int i = 0; i < count; i++) {
            v[i] = random.nextInt(1 << precision);
        }
        return v;
    }

    /** A sample-interleaved colour frame with gradients and noise in each channel. */
    static int[] rgb(int rows, int columns, long seed) {
        Random random = new Random(seed);
        int[] v = new int[rows * columns * 3];
        for (int y = 0, i = 0; y < rows; y++) {
            for (int x = 0; x < columns; x++) {
                int[] base = {x * 255 / columns, y * 255 / rows, (x + y) * 127 / (rows + columns) + 64};
                for (int c = 0; c < 3; c++, i++) {
                    v[i] = Math.max(0, Math.min(255, base[c] + (int) Math.round(12 * random.nextGaussian())));
                }
            }
        }
        return v;
    }
}
