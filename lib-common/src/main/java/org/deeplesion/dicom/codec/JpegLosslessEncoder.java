package org.deeplesion.dicom.codec;

/**
 * Encodes one component as lossless JPEG (T.81 process 14, selection value 1: first-order prediction from the
 * left, which DICOM names transfer syntax 1.2.840.10008.1.2.4.70). Our own code because no library on Maven
 * Central encodes lossless JPEG. The Huffman table is optimal for the frame (Annex K.2), which costs one extra
 * pass over the differences and saves several percent against a fixed table.
 */
public final class JpegLosslessEncoder {
    private JpegLosslessEncoder() {}

    /**
     * @param samples   row-major samples, each in the low {@code precision} bits
     * @param precision 2..16
     * @throws IllegalArgumentException if the dimensions don't match the array or a sample exceeds the precision
     */
    public static byte[] encode(int[] samples, int rows, int columns, int precision) {
        return encode(samples, rows, columns, precision, 0);
    }

    /**
     * As {@link #encode(int[], int, int, int)}, with a restart marker every {@code restartRows} rows (0 for none),
     * which lets a decoder resynchronise after corrupt data at a cost of a few bytes per interval.
     */
    static byte[] encode(int[] samples, int rows, int columns, int precision, int restartRows) {
        validate(samples, rows, columns, precision, restartRows);
        int[] diffs = differences(samples, rows, columns, precision, restartRows);
        long[] frequencies = new long[17];
        for (int d : diffs) {
            frequencies[category(d)]++;
        }
        OptimalHuffmanTable table = OptimalHuffmanTable.fromFrequencies(frequencies);
        int[] codes = table.codes();
        long payloadBits = 0;
        for (int s = 0; s <= 16; s++) {
            payloadBits += frequencies[s] * ((codes[s] >>> 16) + (s == 16 ? 0 : s));
        }
        JpegWriter out = new JpegWriter((int) Math.min(Integer.MAX_VALUE - 8, payloadBits / 8 * 101 / 100 + 512));
        writeHeaders(out, table, rows, columns, precision, restartRows * columns);
        int restartSamples = restartRows * columns;
        for (int i = 0, interval = 0; i < diffs.length; i++) {
            if (restartSamples > 0 && i > 0 && i % restartSamples == 0) {
                out.padToByte();
                out.marker(0xD0 + (interval++ & 7));
            }
            int d = diffs[i];
            int s = category(d);
            int code = codes[s];
            int length = code >>> 16;
            if (s == 0 || s == 16) {
                out.bits(code & 0xFFFF, length); // H.1.2.2: no extra bits after category 16
            } else {
                int extra = d > 0 ? d : d - 1;
                out.bits(((long) (code & 0xFFFF) << s) | (extra & ((1 << s) - 1)), length + s);
            }
        }
        out.padToByte();
        out.marker(0xD9);
        return out.toByteArray();
    }

    private static void validate(int[] samples, int rows, int columns, int precision, int restartRows) {
        if (rows < 1 || rows > 65535 || columns < 1 || columns > 65535) {
            throw new IllegalArgumentException(
                    "JPEG frames are 1..65535 samples each way, not " + rows + "x" + columns);
        }
        if (precision < 2 || precision > 16) {
            throw new IllegalArgumentException("lossless JPEG precision is 2..16, not " + precision);
        }
        if ((long) rows * columns != samples.length) {
            throw new IllegalArgumentException("expected " + (long) rows * columns + " samples for " + rows + "x"
                    + columns + ", got " + samples.length);
        }
        if (restartRows < 0 || (long) restartRows * columns > 65535) {
            throw new IllegalArgumentException("restart interval of " + restartRows + " rows of " + columns
                    + " samples does not fit the 16-bit DRI field");
        }
        int max = (1 << precision) - 1;
        for (int i = 0; i < samples.length; i++) {
            if (samples[i] < 0 || samples[i] > max) {
                throw new IllegalArgumentException(
                        "sample " + i + " is " + samples[i] + ", outside 0.." + max + " for precision " + precision);
            }
        }
    }

    /**
     * Prediction differences modulo 2^16 (H.1.2.1), in -32767..32768: from the left, from above at the start of a
     * line, and from 2^(P-1) at the start of the image and of each restart interval.
     */
    private static int[] differences(int[] samples, int rows, int columns, int precision, int restartRows) {
        int[] diffs = new int[samples.length];
        int initial = 1 << (precision - 1);
        for (int y = 0, i = 0; y < rows; y++) {
            boolean firstLine = y == 0 || restartRows > 0 && y % restartRows == 0;
            for (int x = 0; x < columns; x++, i++) {
                int prediction;
                if (x > 0) {
                    prediction = samples[i - 1];
                } else {
                    prediction = firstLine ? initial : samples[i - columns];
                }
                int d = (samples[i] - prediction) & 0xFFFF;
                diffs[i] = d > 32768 ? d - 65536 : d;
            }
        }
        return diffs;
    }

    /** The SSSS of Table H.2: bits needed for |d|, 16 only for 32768. */
    private static int category(int d) {
        return 32 - Integer.numberOfLeadingZeros(Math.abs(d));
    }

    private static void writeHeaders(
            JpegWriter out, OptimalHuffmanTable table, int rows, int columns, int precision, int restartInterval) {
        out.marker(0xD8);
        out.marker(0xC3);
        out.u16(11);
        out.u8(precision);
        out.u16(rows);
        out.u16(columns);
        out.u8(1);
        out.u8(1); // component id
        out.u8(0x11); // 1x1 sampling
        out.u8(0); // no quantization table in lossless mode
        out.marker(0xC4);
        out.u16(2 + 1 + 16 + table.symbols().length);
        out.u8(0x00); // class 0 (DC/lossless), id 0
        for (int length = 1; length <= 16; length++) {
            out.u8(table.counts()[length]);
        }
        for (int symbol : table.symbols()) {
            out.u8(symbol);
        }
        if (restartInterval > 0) {
            out.marker(0xDD);
            out.u16(4);
            out.u16(restartInterval);
        }
        out.marker(0xDA);
        out.u16(8);
        out.u8(1);
        out.u8(1); // component id
        out.u8(0x00); // table 0
        out.u8(1); // Ss: predictor 1
        out.u8(0); // Se
        out.u8(0); // Ah, Al: no point transform
    }
}
