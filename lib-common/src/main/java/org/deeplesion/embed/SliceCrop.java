package org.deeplesion.embed;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;

/**
 * One slice's HU around a lesion centre at each context scale, before windowing: {@code hu[scale]} holds
 * {@code size x size} values in row-major order.
 *
 * @param positionMm the slice's position along the series axis
 */
public record SliceCrop(double positionMm, float[][] hu) {

    public SliceCrop {
        requireNonNull(hu, "hu");
        if (!Double.isFinite(positionMm)) {
            throw new IllegalArgumentException("slice position must be finite, was " + positionMm);
        }
    }

    /** All scales' planes end to end. */
    public float[] flat() {
        int length = 0;
        for (float[] plane : hu) {
            length += plane.length;
        }
        float[] out = new float[length];
        int at = 0;
        for (float[] plane : hu) {
            System.arraycopy(plane, 0, out, at, plane.length);
            at += plane.length;
        }
        return out;
    }

    /** The inverse of {@link #flat()}: {@code scales} planes of equal size. */
    public static SliceCrop ofFlat(double positionMm, float[] flat, int scales) {
        if (scales < 1 || flat.length % scales != 0) {
            throw new IllegalArgumentException(flat.length + " values do not split into " + scales + " planes");
        }
        int plane = flat.length / scales;
        float[][] hu = new float[scales][];
        for (int s = 0; s < scales; s++) {
            hu[s] = Arrays.copyOfRange(flat, s * plane, (s + 1) * plane);
        }
        return new SliceCrop(positionMm, hu);
    }

    /** A crop whose values are {@code (1 - t) * a + t * b}, at the interpolated position. */
    static SliceCrop between(SliceCrop a, SliceCrop b, double t) {
        float[][] out = new float[a.hu.length][];
        for (int s = 0; s < out.length; s++) {
            float[] x = a.hu[s];
            float[] y = b.hu[s];
            float[] z = new float[x.length];
            for (int i = 0; i < z.length; i++) {
                z[i] = (float) ((1 - t) * x[i] + t * y[i]);
            }
            out[s] = z;
        }
        return new SliceCrop((1 - t) * a.positionMm + t * b.positionMm, out);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SliceCrop c && c.positionMm == positionMm && Arrays.deepEquals(c.hu, hu);
    }

    @Override
    public int hashCode() {
        return Double.hashCode(positionMm) * 31 + Arrays.deepHashCode(hu);
    }

    @Override
    public String toString() {
        return "SliceCrop[positionMm=" + positionMm + ", scales=" + hu.length + "]";
    }
}
