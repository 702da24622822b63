package org.deeplesion.dicom.codec;

/**
 * Samples of one decoded frame: row-major, sample-interleaved, each int holding the coded bit pattern in its low
 * {@code precision} bits (0 .. 2^precision-1, never sign-extended; the caller sign-extends per DICOM Pixel
 * Representation). The array is handed over, not copied, because frames are large and decoded once.
 */
public record DecodedFrame(int rows, int columns, int samplesPerPixel, int precision, int[] samples) {
    public DecodedFrame {
        if (rows <= 0 || columns <= 0 || samplesPerPixel <= 0) {
            throw new IllegalArgumentException(
                    "frame dimensions must be positive: " + rows + "x" + columns + "x" + samplesPerPixel);
        }
        if (precision < 1 || precision > 32) {
            throw new IllegalArgumentException("precision must be 1..32, was " + precision);
        }
        if ((long) rows * columns * samplesPerPixel != samples.length) {
            throw new IllegalArgumentException("expected " + (long) rows * columns * samplesPerPixel + " samples for "
                    + rows + "x" + columns + "x" + samplesPerPixel + ", got " + samples.length);
        }
    }
}
