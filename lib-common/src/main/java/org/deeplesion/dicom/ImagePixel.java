package org.deeplesion.dicom;

/**
 * The Image Pixel module attributes that say how to interpret pixel data, plus the Modality LUT rescale.
 *
 * @param signed Pixel Representation 1 (two's complement samples)
 * @param photometricInterpretation e.g. MONOCHROME2; MONOCHROME1 means low values display bright
 */
public record ImagePixel(
        int rows,
        int columns,
        int samplesPerPixel,
        int bitsAllocated,
        int bitsStored,
        int highBit,
        boolean signed,
        String photometricInterpretation,
        int planarConfiguration,
        int frames,
        double rescaleSlope,
        double rescaleIntercept) {

    public ImagePixel {
        if (rows <= 0 || columns <= 0) {
            throw new IllegalArgumentException("image size " + columns + "x" + rows + " is not positive");
        }
        if (samplesPerPixel != 1 && samplesPerPixel != 3) {
            throw new IllegalArgumentException("samples per pixel must be 1 or 3, was " + samplesPerPixel);
        }
        if (bitsAllocated != 8 && bitsAllocated != 16 && bitsAllocated != 32) {
            throw new IllegalArgumentException("bits allocated must be 8, 16 or 32, was " + bitsAllocated);
        }
        if (bitsStored < 1 || bitsStored > bitsAllocated) {
            throw new IllegalArgumentException(
                    "bits stored " + bitsStored + " is outside 1.." + bitsAllocated + " (bits allocated)");
        }
        if (highBit < bitsStored - 1 || highBit >= bitsAllocated) {
            throw new IllegalArgumentException("high bit " + highBit + " does not fit bits stored " + bitsStored
                    + " within bits allocated " + bitsAllocated);
        }
        if (frames < 1) {
            throw new IllegalArgumentException("number of frames must be at least 1, was " + frames);
        }
        if (rescaleSlope == 0 || !Double.isFinite(rescaleSlope) || !Double.isFinite(rescaleIntercept)) {
            throw new IllegalArgumentException(
                    "rescale slope " + rescaleSlope + " / intercept " + rescaleIntercept + " are unusable");
        }
    }

    /**
     * Reads the module from a data set; missing rescale means identity.
     *
     * @throws IllegalArgumentException naming the attribute that is missing or invalid
     */
    public static ImagePixel of(DicomDataset ds) {
        return new ImagePixel(
                required(ds, Tag.Rows, "Rows"),
                required(ds, Tag.Columns, "Columns"),
                ds.intValue(Tag.SamplesPerPixel, 1),
                required(ds, Tag.BitsAllocated, "Bits Allocated"),
                required(ds, Tag.BitsStored, "Bits Stored"),
                ds.intValue(Tag.HighBit, ds.intValue(Tag.BitsStored, 0) - 1),
                ds.intValue(Tag.PixelRepresentation, 0) == 1,
                ds.string(Tag.PhotometricInterpretation, "MONOCHROME2"),
                ds.intValue(Tag.PlanarConfiguration, 0),
                ds.intValue(Tag.NumberOfFrames, 1),
                ds.doubleValue(Tag.RescaleSlope, 1.0),
                ds.doubleValue(Tag.RescaleIntercept, 0.0));
    }

    private static int required(DicomDataset ds, int tag, String name) {
        int v = ds.intValue(tag, Integer.MIN_VALUE);
        if (v == Integer.MIN_VALUE) {
            throw new IllegalArgumentException("missing " + name + " " + Tag.toString(tag));
        }
        return v;
    }

    public boolean monochrome1() {
        return "MONOCHROME1".equals(photometricInterpretation);
    }

    public int samplesPerFrame() {
        return rows * columns * samplesPerPixel;
    }

    /** Bytes of one frame of native (uncompressed) pixel data. */
    public long frameLength() {
        return (long) samplesPerFrame() * (bitsAllocated / 8);
    }
}
