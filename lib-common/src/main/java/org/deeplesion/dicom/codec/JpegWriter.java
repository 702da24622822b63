package org.deeplesion.dicom.codec;

import java.util.Arrays;

/** A growable JPEG output: marker segments, and entropy-coded bits with 0xFF byte stuffing (T.81 F.1.2.3). */
final class JpegWriter {
    private byte[] out;
    private int size;
    private long bits;
    private int count;

    JpegWriter(int expectedSize) {
        out = new byte[Math.max(expectedSize, 64)];
    }

    void marker(int code) {
        u8(0xFF);
        u8(code);
    }

    void u8(int b) {
        if (size == out.length) {
            out = Arrays.copyOf(out, out.length * 2);
        }
        out[size++] = (byte) b;
    }

    void u16(int v) {
        u8(v >> 8);
        u8(v);
    }

    /** Appends the low {@code length} (at most 32) bits of value, most significant first. */
    void bits(long value, int length) {
        bits = (bits << length) | (value & ((1L << length) - 1));
        count += length;
        while (count >= 8) {
            count -= 8;
            int b = (int) (bits >>> count) & 0xFF;
            u8(b);
            if (b == 0xFF) {
                u8(0);
            }
        }
    }

    /** Ends an entropy-coded segment by padding the last byte with 1-bits. */
    void padToByte() {
        if (count > 0) {
            bits(0xFF, 8 - count);
        }
    }

    byte[] toByteArray() {
        return Arrays.copyOf(out, size);
    }
}
