package org.deeplesion.dicom.codec;

import java.util.List;

/**
 * Decodes one lossless (T.81 Annex H, process 14) Huffman scan into the frame's sample-interleaved output. Each row
 * is first entropy-decoded into differences and then reconstructed by a loop specialised for the predictor, which
 * keeps the hot loops free of per-sample branching on the predictor.
 */
final class LosslessScanDecoder {
    private final JpegFrame frame;
    private final JpegScan scan;
    private final EntropyReader in;
    private final int[] out;
    private final int columns;
    private final int samplesPerPixel;
    private final int rowStride;
    private final int initialPrediction;
    /** Restart positions of the current row: columns whose sample starts a restart interval. */
    private final int[] restartColumns;

    private int restartCount;

    private LosslessScanDecoder(JpegFrame frame, JpegScan scan, EntropyReader in, int[] out) {
        this.frame = frame;
        this.scan = scan;
        this.in = in;
        this.out = out;
        this.columns = frame.columns();
        this.samplesPerPixel = frame.components().size();
        this.rowStride = columns * samplesPerPixel;
        this.initialPrediction = 1 << (frame.precision() - scan.al() - 1);
        this.restartColumns = new int[columns];
    }

    /** Decodes the scan's samples into {@code out}, already shifted by the point transform. */
    static void decode(JpegFrame frame, JpegScan scan, EntropyReader in, int[] out) throws CodecException {
        new LosslessScanDecoder(frame, scan, in, out).decodeAll();
    }

    private void decodeAll() throws CodecException {
        List<JpegScan.Component> components = scan.components();
        int ns = components.size();
        HuffmanDecoder[] tables = new HuffmanDecoder[ns];
        for (int k = 0; k < ns; k++) {
            tables[k] = components.get(k).dc();
        }
        int[] diffs = new int[columns * ns];
        int restartInterval = scan.restartInterval();
        int mcusToGo = restartInterval;
        int nextRestart = 0;
        for (int y = 0; y < frame.rows(); y++) {
            restartCount = 0;
            int x = 0;
            while (x < columns) {
                if (restartInterval > 0 && mcusToGo == 0) {
                    in.restart(nextRestart, "row " + y + " of the lossless scan at offset " + scan.offset());
                    nextRestart = (nextRestart + 1) & 7;
                    mcusToGo = restartInterval;
                    restartColumns[restartCount++] = x;
                }
                // Decode up to the end of the row or of the restart interval, whichever comes first.
                int end = restartInterval > 0 ? Math.min(columns, x + mcusToGo) : columns;
                int failed = in.decodeDifferences(tables, diffs, x * ns, end * ns);
                if (failed >= 0) {
                    throw in.invalidCode("column " + failed / ns + " of row " + y + " of the lossless scan at offset "
                            + scan.offset());
                }
                if (restartInterval > 0) {
                    mcusToGo -= end - x;
                }
                x = end;
            }
            if (in.overrun()) {
                throw in.overrunError("row " + y + " of the lossless scan at offset " + scan.offset());
            }
            int firstLineFrom = y == 0 ? 0 : restartCount > 0 ? restartColumns[0] : columns;
            for (int k = 0; k < ns; k++) {
                reconstructRow(y, components.get(k).frameIndex(), diffs, k, ns, firstLineFrom);
            }
        }
        applyPointTransform(components);
    }

    /**
     * Adds one component's differences of row y to their predictions. Columns from {@code firstLineFrom} on are
     * predicted as a first line (H.1.2.1): from the left, and from 2^(P-Pt-1) where a restart interval begins.
     */
    private void reconstructRow(int y, int component, int[] diffs, int k, int ns, int firstLineFrom) {
        int n = samplesPerPixel;
        int row = y * rowStride + component;
        int normalEnd = firstLineFrom;
        if (normalEnd > 0) {
            // First column of a later line: predicted from above.
            out[row] = (out[row - rowStride] + diffs[k]) & 0xFFFF;
            predictRow(row, diffs, k, ns, 1, normalEnd);
        }
        int restart = 0;
        for (int x = normalEnd; x < columns; x++) {
            int i = row + x * n;
            boolean restartsHere = restart < restartCount && restartColumns[restart] == x;
            if (restartsHere) {
                restart++;
            }
            int prediction = restartsHere || x == 0 && y == 0 ? initialPrediction : out[i - n];
            out[i] = (prediction + diffs[x * ns + k]) & 0xFFFF;
        }
    }

    /** Columns [from, to) of a row that is not a first line, with the scan's predictor (Table H.1). */
    private void predictRow(int row, int[] diffs, int k, int ns, int from, int to) {
        int n = samplesPerPixel;
        int up = rowStride;
        int[] o = out;
        switch (scan.ss()) {
            case 1 -> {
                for (int x = from, i = row + from * n, d = from * ns + k; x < to; x++, i += n, d += ns) {
                    o[i] = (o[i - n] + diffs[d]) & 0xFFFF;
                }
            }
            case 2 -> {
                for (int x = from, i = row + from * n, d = from * ns + k; x < to; x++, i += n, d += ns) {
                    o[i] = (o[i - up] + diffs[d]) & 0xFFFF;
                }
            }
            case 3 -> {
                for (int x = from, i = row + from * n, d = from * ns + k; x < to; x++, i += n, d += ns) {
                    o[i] = (o[i - up - n] + diffs[d]) & 0xFFFF;
                }
            }
            case 4 -> {
                for (int x = from, i = row + from * n, d = from * ns + k; x < to; x++, i += n, d += ns) {
                    o[i] = (o[i - n] + o[i - up] - o[i - up - n] + diffs[d]) & 0xFFFF;
                }
            }
            case 5 -> {
                for (int x = from, i = row + from * n, d = from * ns + k; x < to; x++, i += n, d += ns) {
                    o[i] = (o[i - n] + ((o[i - up] - o[i - up - n]) >> 1) + diffs[d]) & 0xFFFF;
                }
            }
            case 6 -> {
                for (int x = from, i = row + from * n, d = from * ns + k; x < to; x++, i += n, d += ns) {
                    o[i] = (o[i - up] + ((o[i - n] - o[i - up - n]) >> 1) + diffs[d]) & 0xFFFF;
                }
            }
            case 7 -> {
                for (int x = from, i = row + from * n, d = from * ns + k; x < to; x++, i += n, d += ns) {
                    o[i] = (((o[i - n] + o[i - up]) >> 1) + diffs[d]) & 0xFFFF;
                }
            }
            default -> throw new IllegalStateException("predictor " + scan.ss() + " passed scan validation");
        }
    }

    /**
     * Scales by 2^Pt (H.2.2) and keeps the low P bits: reconstruction is modulo 2^16, so a corrupt stream could
     * otherwise leave values above the frame's precision.
     */
    private void applyPointTransform(List<JpegScan.Component> components) {
        int pt = scan.al();
        int precision = frame.precision();
        if (pt == 0 && precision == 16) {
            return;
        }
        int mask = (1 << precision) - 1;
        for (JpegScan.Component c : components) {
            for (int i = c.frameIndex(); i < out.length; i += samplesPerPixel) {
                out[i] = (out[i] << pt) & mask;
            }
        }
    }
}
