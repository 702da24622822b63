package org.deeplesion.dicom;

import java.util.SplittableRandom;

/** Small CT-like data sets built in memory for reader and writer tests. */
final class TestImages {

    static final String CT_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.2";
    static final String MULTIFRAME_GRAYSCALE_WORD_SC = "1.2.840.10008.5.1.4.1.1.7.3";

    private TestImages() {}

    /** Stored values of a phantom: air, a body ellipse of soft tissue, a bright bone disc, seeded noise. */
    static int[] phantom(int rows, int cols, int bitsStored, boolean signed, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int max = signed ? (1 << (bitsStored - 1)) - 1 : (1 << bitsStored) - 1;
        int min = signed ? -(1 << (bitsStored - 1)) : 0;
        int air = signed ? min / 2 : 24;
        int tissue = signed ? 40 : max / 4;
        int bone = signed ? max * 3 / 4 : max * 3 / 4;
        int[] v = new int[rows * cols];
        for (int y = 0; y < rows; y++) {
            for (int x = 0; x < cols; x++) {
                double dx = (x - cols / 2.0) / (cols * 0.4);
                double dy = (y - rows / 2.0) / (rows * 0.3);
                double bx = (x - cols * 0.5) / (cols * 0.08);
                double by = (y - rows * 0.6) / (rows * 0.08);
                int value = bx * bx + by * by < 1 ? bone : dx * dx + dy * dy < 1 ? tissue : air;
                value += (int) Math.round(rnd.nextGaussian() * Math.max(1, max / 200.0));
                v[y * cols + x] = Math.max(min, Math.min(max, value));
            }
        }
        return v;
    }

    /** A CT Image Storage data set holding the given stored values (native, 16 bits allocated). */
    static DicomDataset ct(int rows, int cols, int bitsStored, boolean signed, int[]... frames) {
        DicomDataset ds = new DicomDataset();
        ds.putString(Tag.SpecificCharacterSet, Vr.CS, "ISO_IR 192");
        ds.putString(Tag.SOPClassUID, Vr.UI, frames.length == 1 ? CT_IMAGE_STORAGE : MULTIFRAME_GRAYSCALE_WORD_SC);
        ds.putString(Tag.SOPInstanceUID, Vr.UI, "2.25.1234567890123456789" + rows + cols + bitsStored);
        ds.putString(Tag.StudyInstanceUID, Vr.UI, "2.25.11");
        ds.putString(Tag.SeriesInstanceUID, Vr.UI, "2.25.12");
        ds.putString(Tag.Modality, Vr.CS, "CT");
        ds.putString(Tag.PatientName, Vr.PN, "Müller^Jürgen");
        ds.putString(Tag.PatientID, Vr.LO, "PID-0042");
        ds.putInts(Tag.SamplesPerPixel, Vr.US, 1);
        ds.putString(Tag.PhotometricInterpretation, Vr.CS, "MONOCHROME2");
        if (frames.length > 1) {
            ds.putString(Tag.NumberOfFrames, Vr.IS, Integer.toString(frames.length));
        }
        ds.putInts(Tag.Rows, Vr.US, rows);
        ds.putInts(Tag.Columns, Vr.US, cols);
        ds.putDecimals(Tag.PixelSpacing, 0.703125, 0.703125);
        ds.putInts(Tag.BitsAllocated, Vr.US, 16);
        ds.putInts(Tag.BitsStored, Vr.US, bitsStored);
        ds.putInts(Tag.HighBit, Vr.US, bitsStored - 1);
        ds.putInts(Tag.PixelRepresentation, Vr.US, signed ? 1 : 0);
        ds.putDecimals(Tag.RescaleIntercept, signed ? 0 : -1024);
        ds.putDecimals(Tag.RescaleSlope, 1);
        ds.putBytes(Tag.PixelData, Vr.OW, words(frames));
        return ds;
    }

    static byte[] words(int[]... frames) {
        int n = frames[0].length;
        byte[] b = new byte[n * 2 * frames.length];
        int j = 0;
        for (int[] frame : frames) {
            for (int v : frame) {
                b[j++] = (byte) v;
                b[j++] = (byte) (v >>> 8);
            }
        }
        return b;
    }
}
