package org.deeplesion.dicom.codec;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/** Byte surgery on JPEG streams for the malformed-input tests. */
final class JpegStreams {
    private JpegStreams() {}

    /** Offset of the first marker segment of the given type before the first SOS, or -1. */
    static int segmentOffset(byte[] jpeg, int marker) {
        int pos = 2;
        while (pos + 4 <= jpeg.length) {
            int m = jpeg[pos + 1] & 0xFF;
            if (m == marker) {
                return pos;
            }
            if (m == 0xDA) {
                return -1;
            }
            pos += 2 + ((jpeg[pos + 2] & 0xFF) << 8 | (jpeg[pos + 3] & 0xFF));
        }
        return -1;
    }

    /** The stream without its first segment of the given marker type. */
    static byte[] withoutSegment(byte[] jpeg, int marker) {
        int at = segmentOffset(jpeg, marker);
        if (at < 0) {
            throw new IllegalArgumentException(String.format("no 0xFF%02X segment", marker));
        }
        int length = 2 + ((jpeg[at + 2] & 0xFF) << 8 | (jpeg[at + 3] & 0xFF));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, at);
        out.write(jpeg, at + length, jpeg.length - at - length);
        return out.toByteArray();
    }

    /** Offset of the first byte of entropy-coded data. */
    static int entropyStart(byte[] jpeg) {
        int sos = segmentOffset(jpeg, 0xDA);
        if (sos < 0) {
            throw new IllegalArgumentException("no SOS segment");
        }
        return sos + 2 + ((jpeg[sos + 2] & 0xFF) << 8 | (jpeg[sos + 3] & 0xFF));
    }

    static byte[] withByte(byte[] jpeg, int offset, int value) {
        byte[] copy = Arrays.copyOf(jpeg, jpeg.length);
        copy[offset] = (byte) value;
        return copy;
    }

    static byte[] inserted(byte[] jpeg, int offset, byte... bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, offset);
        out.writeBytes(bytes);
        out.write(jpeg, offset, jpeg.length - offset);
        return out.toByteArray();
    }

    /** Offset of the n-th (from 0) occurrence of marker 0xFF,code anywhere in the stream, or -1. */
    static int markerOffset(byte[] jpeg, int code, int n) {
        int seen = 0;
        for (int i = 0; i + 1 < jpeg.length; i++) {
            if (jpeg[i] == (byte) 0xFF && (jpeg[i + 1] & 0xFF) == code && seen++ == n) {
                return i;
            }
        }
        return -1;
    }
}
