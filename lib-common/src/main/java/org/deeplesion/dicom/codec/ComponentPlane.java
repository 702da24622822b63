package org.deeplesion.dicom.codec;

/**
 * The decoded samples of one component of a DCT frame, padded to whole MCUs.
 *
 * @param width  samples of real image data per row (T.81 A.1.1: ceil(X * H / Hmax))
 * @param height rows of real image data (ceil(Y * V / Vmax))
 * @param stride samples per row of the padded plane
 */
record ComponentPlane(int[] samples, int width, int height, int stride) {

    static ComponentPlane forComponent(JpegFrame frame, JpegFrame.Component c) {
        int maxH = frame.maxH();
        int maxV = frame.maxV();
        int width = ceilDiv(frame.columns() * c.h(), maxH);
        int height = ceilDiv(frame.rows() * c.v(), maxV);
        int stride = ceilDiv(frame.columns(), 8 * maxH) * 8 * c.h();
        int paddedRows = ceilDiv(frame.rows(), 8 * maxV) * 8 * c.v();
        return new ComponentPlane(new int[stride * paddedRows], width, height, stride);
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}
