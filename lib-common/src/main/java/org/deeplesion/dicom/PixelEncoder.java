package org.deeplesion.dicom;

import java.util.List;
import org.deeplesion.dicom.codec.JpegLosslessEncoder;
import org.deeplesion.dicom.codec.RleCodec;

/**
 * Builds the Pixel Data element for single-frame stored values in a transfer syntax this library writes: native
 * little endian, JPEG Lossless (Process 14, Selection Value 1) or RLE Lossless.
 */
public final class PixelEncoder {

    private PixelEncoder() {}

    /**
     * @param stored one frame's stored values (signed values as such when {@code pixel.signed()})
     * @throws IllegalArgumentException for a syntax this writer does not produce, or a size mismatch
     */
    public static DicomElement pixelData(int[] stored, ImagePixel pixel, TransferSyntax ts) {
        if (stored.length != pixel.samplesPerFrame()) {
            throw new IllegalArgumentException("got " + stored.length + " samples for a " + pixel.columns() + "x"
                    + pixel.rows() + "x" + pixel.samplesPerPixel() + " frame");
        }
        int mask = pixel.bitsStored() == 32 ? -1 : (1 << pixel.bitsStored()) - 1;
        return switch (ts) {
            case EXPLICIT_VR_LITTLE_ENDIAN, IMPLICIT_VR_LITTLE_ENDIAN ->
                DicomElement.ofValue(
                        Tag.PixelData,
                        pixel.bitsAllocated() == 8 ? Vr.OB : Vr.OW,
                        nativeBytes(stored, pixel.bitsAllocated(), mask));
            case JPEG_LOSSLESS_SV1 -> {
                if (pixel.samplesPerPixel() != 1) {
                    throw new IllegalArgumentException("JPEG Lossless is written for one sample per pixel only");
                }
                int[] coded = masked(stored, mask);
                yield DicomElement.ofFragments(
                        Tag.PixelData,
                        Vr.OB,
                        List.of(
                                new byte[0],
                                JpegLosslessEncoder.encode(coded, pixel.rows(), pixel.columns(), pixel.bitsStored())));
            }
            case RLE_LOSSLESS ->
                DicomElement.ofFragments(
                        Tag.PixelData,
                        Vr.OB,
                        List.of(
                                new byte[0],
                                RleCodec.encode(
                                        masked(stored, mask),
                                        pixel.rows(),
                                        pixel.columns(),
                                        pixel.samplesPerPixel(),
                                        pixel.bitsAllocated())));
            default ->
                throw new IllegalArgumentException("writing pixel data as " + ts.displayName() + " is not supported");
        };
    }

    private static int[] masked(int[] stored, int mask) {
        int[] out = new int[stored.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = stored[i] & mask;
        }
        return out;
    }

    private static byte[] nativeBytes(int[] stored, int bitsAllocated, int mask) {
        int bytes = bitsAllocated / 8;
        byte[] out = new byte[stored.length * bytes];
        for (int i = 0, j = 0; i < stored.length; i++) {
            int v = stored[i] & mask;
            for (int b = 0; b < bytes; b++) {
                out[j++] = (byte) (v >>> (8 * b));
            }
        }
        return out;
    }
}
