package org.deeplesion.synth;

/**
 * How a scanner stores CT values, varied across the cohort so that readers are exercised on each: stored value =
 * (HU - intercept) / slope, clamped to what the bits can hold.
 */
public enum PixelEncoding {
    /** 12 of 16 bits, unsigned, intercept -1024: HU below -1024 cannot be stored. */
    UNSIGNED_12_BIT(12, false, -1024),
    /** 16 bits, two's complement, intercept 0: the stored value is the HU. */
    SIGNED_16_BIT(16, true, 0),
    /** 16 bits, unsigned, intercept -1024. */
    UNSIGNED_16_BIT(16, false, -1024);

    private final int bitsStored;
    private final boolean signed;
    private final int intercept;

    PixelEncoding(int bitsStored, boolean signed, int intercept) {
        this.bitsStored = bitsStored;
        this.signed = signed;
        this.intercept = intercept;
    }

    public int bitsStored() {
        return bitsStored;
    }

    /** Pixel Representation (0028,0103): 1 for two's complement. */
    public int pixelRepresentation() {
        return signed ? 1 : 0;
    }

    public int rescaleIntercept() {
        return intercept;
    }

    public int rescaleSlope() {
        return 1;
    }

    /** The lowest HU this encoding can store that also fits a signed 16-bit HU value. */
    public int minHu() {
        int minStored = signed ? -(1 << (bitsStored - 1)) : 0;
        return Math.max(Short.MIN_VALUE, minStored * rescaleSlope() + intercept);
    }

    /** The highest HU this encoding can store that also fits a signed 16-bit HU value. */
    public int maxHu() {
        int maxStored = signed ? (1 << (bitsStored - 1)) - 1 : (1 << bitsStored) - 1;
        return Math.min(Short.MAX_VALUE, maxStored * rescaleSlope() + intercept);
    }

    /** The stored value of a HU within {@link #minHu()}..{@link #maxHu()}, as the 16 bits to write. */
    public short stored(int hu) {
        return (short) ((hu - intercept) / rescaleSlope());
    }
}
