package org.deeplesion.ct;

import org.deeplesion.dicom.DicomDataset;
import org.deeplesion.dicom.DicomFile;
import org.deeplesion.dicom.DicomFormatException;
import org.deeplesion.dicom.ImagePixel;
import org.deeplesion.dicom.PixelData;
import org.deeplesion.dicom.Tag;

/**
 * Hounsfield units from stored CT values through the Modality LUT (rescale slope and intercept), as int16.
 *
 * <p>The rescale applies to stored values whatever the Photometric Interpretation: MONOCHROME1 only inverts how
 * values are displayed (see {@link Window}), not what tissue density they stand for.
 */
public final class HounsfieldUnits {

    private HounsfieldUnits() {}

    /** HU of one frame of a CT file, rounded to the nearest unit and clamped to the int16 range. */
    public static short[] of(DicomFile file, int frame) throws DicomFormatException {
        short[] direct = PixelData.nativeHu(file, frame);
        return direct != null ? direct : throughStoredValues(file, frame);
    }

    /**
     * HU of one frame as the lake stores them ({@link HuPixels}: int16 little endian, row-major), in one pass for
     * native 16-bit CT.
     */
    public static byte[] littleEndian(DicomFile file, int frame) throws DicomFormatException {
        byte[] direct = PixelData.nativeHuLittleEndian(file, frame);
        return direct != null ? direct : HuPixels.toBytes(throughStoredValues(file, frame));
    }

    /** The general path: decoded stored values through the Modality LUT. */
    private static short[] throughStoredValues(DicomFile file, int frame) throws DicomFormatException {
        int[] stored = PixelData.storedValues(file, frame);
        ImagePixel p = ImagePixel.of(file.dataset());
        return fromStored(stored, p.rescaleSlope(), p.rescaleIntercept());
    }

    public static short[] fromStored(int[] stored, double slope, double intercept) {
        short[] hu = new short[stored.length];
        if (slope == 1.0 && intercept == Math.rint(intercept) && Math.abs(intercept) < 1 << 20) {
            int offset = (int) intercept;
            for (int i = 0; i < stored.length; i++) {
                hu[i] = clamp(stored[i] + offset);
            }
        } else {
            for (int i = 0; i < stored.length; i++) {
                hu[i] = clamp((int) Math.round(stored[i] * slope + intercept));
            }
        }
        return hu;
    }

    /** Stored values for HU, the inverse rescale, clamped to what the given bits stored can hold. */
    public static int[] toStored(short[] hu, double slope, double intercept, int bitsStored, boolean signed) {
        int min = signed ? -(1 << (bitsStored - 1)) : 0;
        int max = signed ? (1 << (bitsStored - 1)) - 1 : (1 << bitsStored) - 1;
        int[] stored = new int[hu.length];
        for (int i = 0; i < hu.length; i++) {
            int v = (int) Math.round((hu[i] - intercept) / slope);
            stored[i] = Math.max(min, Math.min(max, v));
        }
        return stored;
    }

    /** The data set's window centre and width, or the given default when absent. */
    public static Window window(DicomDataset ds, Window fallback) {
        double[] c = ds.doubles(Tag.WindowCenter);
        double[] w = ds.doubles(Tag.WindowWidth);
        return c == null || w == null || c.length == 0 || w.length == 0 ? fallback : new Window(c[0], w[0]);
    }

    private static short clamp(int v) {
        return (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, v));
    }
}
