package org.deeplesion.dicom.codec;

import java.util.List;

/**
 * A scan header (SOS segment) with its tables resolved. For lossless scans {@code ss} is the predictor selection
 * value and {@code al} the point transform.
 *
 * @param offset stream offset of the SOS marker, for error messages
 */
record JpegScan(List<Component> components, int ss, int se, int ah, int al, int restartInterval, int offset) {

    /** A component of the scan: its index in the frame and its resolved Huffman tables (ac is null if lossless). */
    record Component(int frameIndex, HuffmanDecoder dc, HuffmanDecoder ac) {}
}
