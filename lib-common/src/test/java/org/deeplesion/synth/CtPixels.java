package org.deeplesion.synth;

import org.deeplesion.dicom.DicomDataset;
import org.deeplesion.dicom.Tag;

/** Reads a native CT slice's pixels back as HU, whatever its encoding, as a reader downstream would. */
final class CtPixels {

    private CtPixels() {}

    static short[] hu(DicomDataset ds) {
        byte[] bytes = ds.bytes(Tag.PixelData);
        boolean signed = ds.intValue(Tag.PixelRepresentation, 0) == 1;
        int bitsStored = ds.intValue(Tag.BitsStored, 16);
        double slope = ds.doubleValue(Tag.RescaleSlope, 1);
        double intercept = ds.doubleValue(Tag.RescaleIntercept, 0);
        short[] hu = new short[bytes.length / 2];
        for (int i = 0; i < hu.length; i++) {
            int raw = (bytes[2 * i] & 0xFF) | (bytes[2 * i + 1] & 0xFF) << 8;
            int masked = raw & ((1 << bitsStored) - 1);
            int stored = signed && (masked & (1 << (bitsStored - 1))) != 0 ? masked - (1 << bitsStored) : masked;
            hu[i] = (short) Math.round(stored * slope + intercept);
        }
        return hu;
    }
}
