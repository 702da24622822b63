package org.deeplesion.dicom.codec;

/**
 * Brings a component plane to full resolution and writes it into the sample-interleaved frame, choosing the same
 * method as IJG libjpeg's default (jdsample.c with fancy upsampling): triangle filters for 2:1 horizontal and
 * 2:1 horizontal+vertical subsampling, replication otherwise, so that subsampled colour matches dcmtk's output.
 */
final class ChromaUpsampler {
    private ChromaUpsampler() {}

    /** Whether a component's sampling relative to the frame's maximum is one IJG can upsample. */
    static boolean supported(JpegFrame frame, JpegFrame.Component c) {
        return frame.maxH() % c.h() == 0 && frame.maxV() % c.v() == 0;
    }

    static void interleave(JpegFrame frame, JpegFrame.Component c, ComponentPlane plane, int[] out, int offset) {
        int factorH = frame.maxH() / c.h();
        int factorV = frame.maxV() / c.v();
        boolean fancy = plane.width() > 2;
        if (factorH == 1 && factorV == 1) {
            replicate(frame, plane, out, offset, 1, 1);
        } else if (factorH == 2 && factorV == 1 && fancy) {
            triangleH2V1(frame, plane, out, offset);
        } else if (factorH == 2 && factorV == 2 && fancy) {
            triangleH2V2(frame, plane, out, offset);
        } else {
            replicate(frame, plane, out, offset, factorH, factorV);
        }
    }

    private static void replicate(
            JpegFrame frame, ComponentPlane plane, int[] out, int offset, int factorH, int factorV) {
        int n = frame.components().size();
        int columns = frame.columns();
        int[] in = plane.samples();
        for (int y = 0; y < frame.rows(); y++) {
            int src = (y / factorV) * plane.stride();
            for (int x = 0, o = y * columns * n + offset; x < columns; x++, o += n) {
                out[o] = in[src + x / factorH];
            }
        }
    }

    /** jdsample.c h2v1_fancy_upsample: each output sample is 3/4 of the nearer and 1/4 of the further input. */
    private static void triangleH2V1(JpegFrame frame, ComponentPlane plane, int[] out, int offset) {
        int[] in = plane.samples();
        int[] row = new int[2 * plane.width()];
        int last = plane.width() - 1;
        for (int y = 0; y < frame.rows(); y++) {
            int s = y * plane.stride();
            row[0] = in[s];
            row[1] = (in[s] * 3 + in[s + 1] + 2) >> 2;
            for (int c = 1; c < last; c++) {
                int v = in[s + c] * 3;
                row[2 * c] = (v + in[s + c - 1] + 1) >> 2;
                row[2 * c + 1] = (v + in[s + c + 1] + 2) >> 2;
            }
            row[2 * last] = (in[s + last] * 3 + in[s + last - 1] + 1) >> 2;
            row[2 * last + 1] = in[s + last];
            copyRow(frame, row, out, offset, y);
        }
    }

    /**
     * jdsample.c h2v2_fancy_upsample: weights 9/16, 3/16, 3/16, 1/16 of the four nearest inputs, with the first
     * and last real rows repeated beyond the image edge as IJG's context rows do.
     */
    private static void triangleH2V2(JpegFrame frame, ComponentPlane plane, int[] out, int offset) {
        int[] in = plane.samples();
        int[] row = new int[2 * plane.width()];
        int[] colSum = new int[plane.width()];
        int last = plane.width() - 1;
        for (int y = 0; y < frame.rows(); y++) {
            int inRow = y / 2;
            int other = (y & 1) == 0 ? Math.max(inRow - 1, 0) : Math.min(inRow + 1, plane.height() - 1);
            int near = inRow * plane.stride();
            int far = other * plane.stride();
            for (int c = 0; c <= last; c++) {
                colSum[c] = in[near + c] * 3 + in[far + c];
            }
            row[0] = (colSum[0] * 4 + 8) >> 4;
            row[1] = (colSum[0] * 3 + colSum[1] + 7) >> 4;
            for (int c = 1; c < last; c++) {
                row[2 * c] = (colSum[c] * 3 + colSum[c - 1] + 8) >> 4;
                row[2 * c + 1] = (colSum[c] * 3 + colSum[c + 1] + 7) >> 4;
            }
            row[2 * last] = (colSum[last] * 3 + colSum[last - 1] + 8) >> 4;
            row[2 * last + 1] = (colSum[last] * 4 + 7) >> 4;
            copyRow(frame, row, out, offset, y);
        }
    }

    private static void copyRow(JpegFrame frame, int[] row, int[] out, int offset, int y) {
        int n = frame.components().size();
        for (int x = 0, o = y * frame.columns() * n + offset; x < frame.columns(); x++, o += n) {
            out[o] = row[x];
        }
    }
}
