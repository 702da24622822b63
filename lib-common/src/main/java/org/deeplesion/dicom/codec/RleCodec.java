package org.deeplesion.dicom.codec;

import java.io.ByteArrayOutputStream;

/**
 * DICOM RLE Lossless (PS3.5 Annex G): a 64-byte header of up to 15 segment offsets, then one PackBits-coded
 * segment per byte of each sample, the most significant byte of the first sample first. Our own code: no library
 * we depend on implements it, and it is short.
 */
public final class RleCodec {
    private static final int HEADER_SIZE = 64;

    private RleCodec() {}

    /**
     * @param frame         one frame of RLE data, header included
     * @param bitsAllocated 8, 16 or 32; the decoded precision
     */
    public static DecodedFrame decode(byte[] frame, int rows, int columns, int samplesPerPixel, int bitsAllocated)
            throws CodecException {
        if (!validBitsAllocated(bitsAllocated)) {
            throw new CodecException("RLE: bits allocated must be 8, 16 or 32, not " + bitsAllocated);
        }
        int bytesPerSample = bitsAllocated / 8;
        int expectedSegments = samplesPerPixel * bytesPerSample;
        if (rows < 1 || columns < 1 || samplesPerPixel < 1 || expectedSegments > 15) {
            throw new CodecException("RLE: cannot code " + rows + "x" + columns + " pixels of " + samplesPerPixel
                    + " samples of " + bitsAllocated + " bits (at most 15 byte segments)");
        }
        if (frame.length < HEADER_SIZE) {
            throw new CodecException("RLE: frame of " + frame.length + " bytes is shorter than the 64-byte header");
        }
        int segments = readInt(frame, 0);
        if (segments != expectedSegments) {
            throw new CodecException("RLE: header declares " + Integer.toUnsignedString(segments) + " segments, but "
                    + samplesPerPixel + " samples of " + bitsAllocated + " bits need " + expectedSegments);
        }
        if ((long) rows * columns * samplesPerPixel > Integer.MAX_VALUE - 8
                || (long) rows * columns * expectedSegments > 64L * frame.length) {
            // PackBits expands at most 64-fold (2 bytes for a run of 128), so a larger claim is wrong, not large.
            throw new CodecException("RLE: " + rows + "x" + columns + "x" + samplesPerPixel + " samples cannot be "
                    + "coded in " + frame.length + " bytes");
        }
        int pixels = rows * columns;
        int[] samples = new int[pixels * samplesPerPixel];
        byte[] bytes = new byte[pixels];
        for (int segment = 0; segment < segments; segment++) {
            int start = readInt(frame, 4 + 4 * segment);
            int end = segment + 1 < segments ? readInt(frame, 8 + 4 * segment) : frame.length;
            if (start < HEADER_SIZE
                    || start >= frame.length
                    || Integer.compareUnsigned(end, start) <= 0
                    || Integer.compareUnsigned(end, frame.length) > 0) {
                throw new CodecException("RLE: segment " + (segment + 1) + " spans offsets "
                        + Integer.toUnsignedString(start) + ".." + Integer.toUnsignedString(end)
                        + ", outside the header's end (64) .. frame length (" + frame.length + ")");
            }
            unpack(frame, start, end, bytes, segment + 1);
            int sample = segment / bytesPerSample;
            int shift = 8 * (bytesPerSample - 1 - segment % bytesPerSample);
            for (int p = 0, i = sample; p < pixels; p++, i += samplesPerPixel) {
                samples[i] |= (bytes[p] & 0xFF) << shift;
            }
        }
        return new DecodedFrame(rows, columns, samplesPerPixel, bitsAllocated, samples);
    }

    /**
     * Expands one PackBits segment until {@code out} is full. Bytes left over in the segment are padding; a run
     * reaching past the frame is cut at its end, as the pixels are fully determined by then.
     */
    private static void unpack(byte[] in, int start, int end, byte[] out, int segment) throws CodecException {
        int p = start;
        int o = 0;
        while (o < out.length) {
            if (p >= end) {
                throw new CodecException("RLE: segment " + segment + " (offsets " + start + ".." + end + ") ends after "
                        + o + " of " + out.length + " bytes");
            }
            int n = in[p++];
            if (n >= 0) {
                int length = n + 1;
                if (p + length > end) {
                    throw new CodecException("RLE: literal run of " + length + " bytes at offset " + (p - 1)
                            + " reaches past the end of segment " + segment + " (offset " + end + ")");
                }
                int copy = Math.min(length, out.length - o);
                System.arraycopy(in, p, out, o, copy);
                p += length;
                o += copy;
            } else if (n != -128) {
                if (p >= end) {
                    throw new CodecException("RLE: replicate run at offset " + (p - 1) + " has no byte to repeat "
                            + "before the end of segment " + segment);
                }
                int length = Math.min(1 - n, out.length - o);
                byte value = in[p++];
                for (int i = 0; i < length; i++) {
                    out[o++] = value;
                }
            }
        }
    }

    /**
     * @param samples       sample-interleaved, each in the low {@code bitsAllocated} bits
     * @param bitsAllocated 8, 16 or 32
     * @return the frame: header and segments, each segment of even length (so the frame is too)
     * @throws IllegalArgumentException if the dimensions don't match the array or a sample exceeds bitsAllocated
     */
    public static byte[] encode(int[] samples, int rows, int columns, int samplesPerPixel, int bitsAllocated) {
        if (!validBitsAllocated(bitsAllocated)) {
            throw new IllegalArgumentException("RLE bits allocated must be 8, 16 or 32, not " + bitsAllocated);
        }
        int bytesPerSample = bitsAllocated / 8;
        int segments = samplesPerPixel * bytesPerSample;
        if (rows < 1 || columns < 1 || samplesPerPixel < 1 || segments > 15) {
            throw new IllegalArgumentException("RLE cannot code " + rows + "x" + columns + " pixels of "
                    + samplesPerPixel + " samples of " + bitsAllocated + " bits (at most 15 byte segments)");
        }
        if ((long) rows * columns * samplesPerPixel != samples.length) {
            throw new IllegalArgumentException(
                    "expected " + (long) rows * columns * samplesPerPixel + " samples, got " + samples.length);
        }
        if (bitsAllocated < 32) {
            for (int i = 0; i < samples.length; i++) {
                if (samples[i] >>> bitsAllocated != 0) {
                    throw new IllegalArgumentException(
                            "sample " + i + " is " + samples[i] + ", more than " + bitsAllocated + " bits");
                }
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(samples.length * bytesPerSample / 2 + HEADER_SIZE);
        out.writeBytes(new byte[HEADER_SIZE]);
        int[] offsets = new int[segments];
        byte[] row = new byte[columns];
        for (int segment = 0; segment < segments; segment++) {
            offsets[segment] = out.size();
            int sample = segment / bytesPerSample;
            int shift = 8 * (bytesPerSample - 1 - segment % bytesPerSample);
            for (int y = 0; y < rows; y++) {
                // G.3.1: rows are coded separately; runs never cross them.
                for (int x = 0, i = (y * columns) * samplesPerPixel + sample; x < columns; x++, i += samplesPerPixel) {
                    row[x] = (byte) (samples[i] >>> shift);
                }
                pack(row, out);
            }
            if ((out.size() & 1) != 0) {
                out.write(0);
            }
        }
        byte[] frame = out.toByteArray();
        writeInt(frame, 0, segments);
        for (int segment = 0; segment < segments; segment++) {
            writeInt(frame, 4 + 4 * segment, offsets[segment]);
        }
        return frame;
    }

    /** PackBits: runs of 3 or more equal bytes are replicated, everything else goes out literally. */
    private static void pack(byte[] row, ByteArrayOutputStream out) {
        int n = row.length;
        int literalStart = 0;
        int i = 0;
        while (i < n) {
            int run = 1;
            while (i + run < n && run < 128 && row[i + run] == row[i]) {
                run++;
            }
            if (run >= 3) {
                writeLiteral(row, literalStart, i, out);
                out.write(1 - run);
                out.write(row[i]);
                i += run;
                literalStart = i;
            } else {
                i += run;
            }
        }
        writeLiteral(row, literalStart, n, out);
    }

    private static void writeLiteral(byte[] row, int from, int to, ByteArrayOutputStream out) {
        for (int start = from; start < to; start += 128) {
            int length = Math.min(128, to - start);
            out.write(length - 1);
            out.write(row, start, length);
        }
    }

    private static boolean validBitsAllocated(int bitsAllocated) {
        return bitsAllocated == 8 || bitsAllocated == 16 || bitsAllocated == 32;
    }

    private static int readInt(byte[] b, int offset) {
        return (b[offset] & 0xFF)
                | (b[offset + 1] & 0xFF) << 8
                | (b[offset + 2] & 0xFF) << 16
                | (b[offset + 3] & 0xFF) << 24;
    }

    private static void writeInt(byte[] b, int offset, int v) {
        b[offset] = (byte) v;
        b[offset + 1] = (byte) (v >> 8);
        b[offset + 2] = (byte) (v >> 16);
        b[offset + 3] = (byte) (v >> 24);
    }
}
