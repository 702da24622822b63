package org.deeplesion.dicom.codec;

/**
 * Inverse DCT that reproduces IJG libjpeg's default "islow" method (jidctint.c) bit for bit, including its
 * range-limit table, because dcmtk and most DICOM toolkits decode through IJG and lossy pixels should agree exactly.
 * The arithmetic is the Loeffler-Ligtenberg-Moschytz algorithm with 13-bit fixed-point constants and an extra
 * PASS1_BITS of precision between the column and row passes (2 for 8-bit samples, 1 for 12-bit).
 */
final class IslowIdct {
    private static final int CONST_BITS = 13;
    private static final long FIX_0_298631336 = 2446;
    private static final long FIX_0_390180644 = 3196;
    private static final long FIX_0_541196100 = 4433;
    private static final long FIX_0_765366865 = 6270;
    private static final long FIX_0_899976223 = 7373;
    private static final long FIX_1_175875602 = 9633;
    private static final long FIX_1_501321110 = 12299;
    private static final long FIX_1_847759065 = 15137;
    private static final long FIX_1_961570560 = 16069;
    private static final long FIX_2_053119869 = 16819;
    private static final long FIX_2_562915447 = 20995;
    private static final long FIX_3_072711026 = 25172;

    private final int pass1Bits;
    private final int rangeMask;
    /** IJG's post-IDCT range limit: maps the centred result, masked by rangeMask, to a clamped sample. */
    private final int[] rangeLimit;
    /** Between the passes IJG keeps int values; truncating likewise keeps corrupt input bit-exact too. */
    private final int[] workspace = new int[64];

    private final long[] oddPart = new long[4];

    IslowIdct(int precision) {
        pass1Bits = precision == 8 ? 2 : 1;
        int max = (1 << precision) - 1;
        int center = 1 << (precision - 1);
        rangeMask = 4 * (max + 1) - 1;
        rangeLimit = new int[rangeMask + 1];
        // Same layout as jdmaster.c prepare_range_limit_table, so that even wildly out-of-range (corrupt)
        // coefficients wrap exactly as in IJG.
        for (int i = 0; i <= rangeMask; i++) {
            if (i < center) {
                rangeLimit[i] = i + center;
            } else if (i < 2 * (max + 1)) {
                rangeLimit[i] = max;
            } else if (i < 4 * (max + 1) - center) {
                rangeLimit[i] = 0;
            } else {
                rangeLimit[i] = i - (4 * (max + 1) - center);
            }
        }
    }

    /**
     * Transforms one block.
     *
     * @param coef   64 quantized coefficients in natural (row-major) order
     * @param quant  the 64 quantization values in natural order
     * @param out    destination samples
     * @param offset index of the block's top-left sample in out
     * @param stride distance between rows in out
     */
    void transform(short[] coef, int[] quant, int[] out, int offset, int stride) {
        int[] ws = workspace;
        int shift1 = CONST_BITS - pass1Bits;
        long round1 = 1L << (shift1 - 1);
        for (int c = 0; c < 8; c++) {
            if (coef[8 + c] == 0
                    && coef[16 + c] == 0
                    && coef[24 + c] == 0
                    && coef[32 + c] == 0
                    && coef[40 + c] == 0
                    && coef[48 + c] == 0
                    && coef[56 + c] == 0) {
                int dc = (coef[c] * quant[c]) << pass1Bits;
                for (int r = 0; r < 64; r += 8) {
                    ws[r + c] = dc;
                }
                continue;
            }
            long z2 = (long) coef[16 + c] * quant[16 + c];
            long z3 = (long) coef[48 + c] * quant[48 + c];
            long z1 = (z2 + z3) * FIX_0_541196100;
            long tmp2 = z1 - z3 * FIX_1_847759065;
            long tmp3 = z1 + z2 * FIX_0_765366865;
            z2 = (long) coef[c] * quant[c];
            z3 = (long) coef[32 + c] * quant[32 + c];
            long tmp0 = (z2 + z3) << CONST_BITS;
            long tmp1 = (z2 - z3) << CONST_BITS;
            long tmp10 = tmp0 + tmp3;
            long tmp13 = tmp0 - tmp3;
            long tmp11 = tmp1 + tmp2;
            long tmp12 = tmp1 - tmp2;

            tmp0 = (long) coef[56 + c] * quant[56 + c];
            tmp1 = (long) coef[40 + c] * quant[40 + c];
            tmp2 = (long) coef[24 + c] * quant[24 + c];
            tmp3 = (long) coef[8 + c] * quant[8 + c];
            long[] odd = odd(tmp0, tmp1, tmp2, tmp3);
            ws[c] = (int) ((tmp10 + odd[3] + round1) >> shift1);
            ws[56 + c] = (int) ((tmp10 - odd[3] + round1) >> shift1);
            ws[8 + c] = (int) ((tmp11 + odd[2] + round1) >> shift1);
            ws[48 + c] = (int) ((tmp11 - odd[2] + round1) >> shift1);
            ws[16 + c] = (int) ((tmp12 + odd[1] + round1) >> shift1);
            ws[40 + c] = (int) ((tmp12 - odd[1] + round1) >> shift1);
            ws[24 + c] = (int) ((tmp13 + odd[0] + round1) >> shift1);
            ws[32 + c] = (int) ((tmp13 - odd[0] + round1) >> shift1);
        }
        int shift2 = CONST_BITS + pass1Bits + 3;
        long round2 = 1L << (shift2 - 1);
        int[] limit = rangeLimit;
        int mask = rangeMask;
        for (int r = 0, w = 0, o = offset; r < 8; r++, w += 8, o += stride) {
            if (ws[w + 1] == 0
                    && ws[w + 2] == 0
                    && ws[w + 3] == 0
                    && ws[w + 4] == 0
                    && ws[w + 5] == 0
                    && ws[w + 6] == 0
                    && ws[w + 7] == 0) {
                int v = limit[(int) ((ws[w] + (1L << (pass1Bits + 2))) >> (pass1Bits + 3)) & mask];
                for (int i = 0; i < 8; i++) {
                    out[o + i] = v;
                }
                continue;
            }
            long z2 = ws[w + 2];
            long z3 = ws[w + 6];
            long z1 = (z2 + z3) * FIX_0_541196100;
            long tmp2 = z1 - z3 * FIX_1_847759065;
            long tmp3 = z1 + z2 * FIX_0_765366865;
            long tmp0 = ((long) ws[w] + ws[w + 4]) << CONST_BITS;
            long tmp1 = ((long) ws[w] - ws[w + 4]) << CONST_BITS;
            long tmp10 = tmp0 + tmp3;
            long tmp13 = tmp0 - tmp3;
            long tmp11 = tmp1 + tmp2;
            long tmp12 = tmp1 - tmp2;
            long[] odd = odd(ws[w + 7], ws[w + 5], ws[w + 3], ws[w + 1]);
            out[o] = limit[(int) ((tmp10 + odd[3] + round2) >> shift2) & mask];
            out[o + 7] = limit[(int) ((tmp10 - odd[3] + round2) >> shift2) & mask];
            out[o + 1] = limit[(int) ((tmp11 + odd[2] + round2) >> shift2) & mask];
            out[o + 6] = limit[(int) ((tmp11 - odd[2] + round2) >> shift2) & mask];
            out[o + 2] = limit[(int) ((tmp12 + odd[1] + round2) >> shift2) & mask];
            out[o + 5] = limit[(int) ((tmp12 - odd[1] + round2) >> shift2) & mask];
            out[o + 3] = limit[(int) ((tmp13 + odd[0] + round2) >> shift2) & mask];
            out[o + 4] = limit[(int) ((tmp13 - odd[0] + round2) >> shift2) & mask];
        }
    }

    /** The odd part of one 1-D pass, from the inputs at positions 7, 5, 3, 1; yields tmp0..tmp3 of jidctint.c. */
    private long[] odd(long in7, long in5, long in3, long in1) {
        long z1 = in7 + in1;
        long z2 = in5 + in3;
        long z3 = in7 + in3;
        long z4 = in5 + in1;
        long z5 = (z3 + z4) * FIX_1_175875602;
        long tmp0 = in7 * FIX_0_298631336;
        long tmp1 = in5 * FIX_2_053119869;
        long tmp2 = in3 * FIX_3_072711026;
        long tmp3 = in1 * FIX_1_501321110;
        z1 *= -FIX_0_899976223;
        z2 *= -FIX_2_562915447;
        z3 = z3 * -FIX_1_961570560 + z5;
        z4 = z4 * -FIX_0_390180644 + z5;
        long[] r = oddPart;
        r[0] = tmp0 + z1 + z3;
        r[1] = tmp1 + z2 + z4;
        r[2] = tmp2 + z2 + z3;
        r[3] = tmp3 + z1 + z4;
        return r;
    }
}
