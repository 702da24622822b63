package org.deeplesion.dicom.codec;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Reads the bits of a Huffman entropy-coded segment: removes stuffed zero bytes, stops in front of the next marker
 * (or the end of the input) and from then on supplies zero bits while counting them, so that reading past the real
 * data is detected by {@link #overrun} instead of silently producing pixels.
 */
final class EntropyReader {
    private static final VarHandle BIG_ENDIAN_LONG =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private final byte[] data;
    private int pos;
    /** Holds {@link #count} not yet consumed bits in its low end, oldest first. */
    private long bits;

    private int count;
    /** How many of the buffered bits are zeros invented after the data stopped. */
    private int invented;

    private boolean stopped;

    EntropyReader(byte[] data, int start) {
        this.data = data;
        this.pos = start;
    }

    /** Offset of the first byte not yet moved into the bit buffer. */
    int position() {
        return pos;
    }

    /**
     * Tops the buffer up to at least 32 bits, enough for a 16-bit code and its up to 15 extra bits. Takes up to
     * seven bytes with one big-endian read when none of them is 0xFF, which is nearly always; byte stuffing and
     * markers go the byte-by-byte way.
     */
    void fill() {
        if (count >= 32) {
            return;
        }
        int take = (64 - count) >> 3;
        if (take > 7) {
            take = 7;
        }
        if (!stopped && pos + 8 <= data.length) {
            long word = (long) BIG_ENDIAN_LONG.get(data, pos);
            long inverted = ~word;
            // Flags every zero byte of inverted (a 0xFF of word); false flags only sit above a true one.
            long ffBytes = (inverted - 0x0101010101010101L) & word & 0x8080808080808080L;
            if (ffBytes >>> (64 - 8 * take) == 0) {
                bits = (bits << (8 * take)) | (word >>> (64 - 8 * take));
                count += 8 * take;
                pos += take;
                return;
            }
        }
        fillBytewise();
    }

    private void fillBytewise() {
        while (count <= 56) {
            int b = 0;
            if (stopped) {
                invented += 8;
            } else if (pos >= data.length) {
                stopped = true;
                continue;
            } else {
                b = data[pos] & 0xFF;
                if (b != 0xFF) {
                    pos++;
                } else if (pos + 1 < data.length && data[pos + 1] == 0) {
                    pos += 2;
                } else if (pos + 1 < data.length && data[pos + 1] == (byte) 0xFF) {
                    pos++; // fill byte in front of a marker
                    continue;
                } else {
                    stopped = true;
                    continue;
                }
            }
            bits = (bits << 8) | b;
            count += 8;
        }
    }

    /** Consumes n (0..16) bits; call {@link #fill} first. */
    int take(int n) {
        count -= n;
        return (int) (bits >>> count) & ((1 << n) - 1);
    }

    /**
     * Decodes one symbol; needs at least 16 buffered bits.
     *
     * @return the symbol, or -1 if the bits start no code of the table (the caller reports where)
     */
    int decode(HuffmanDecoder table) {
        int next16 = (int) (bits >>> (count - 16)) & 0xFFFF;
        int entry = table.lookup[next16 >>> (16 - HuffmanDecoder.LOOKAHEAD)];
        if (entry == 0) {
            entry = table.decodeLong(next16);
            if (entry == 0) {
                return -1;
            }
        }
        count -= entry >>> 8;
        return entry & 0xFF;
    }

    /**
     * Decodes lossless differences (T.81 H.1.2.2) into diffs[from..to), taking the tables in turn as the scan's
     * components interleave. Kept in one loop over local copies of the bit buffer because this is where lossless
     * decoding spends its time.
     *
     * @return the index of a difference whose code was invalid, or -1 if all decoded
     */
    int decodeDifferences(HuffmanDecoder[] tables, int[] diffs, int from, int to) {
        long buffer = bits;
        int n = count;
        int tableCount = tables.length;
        int k = 0;
        for (int d = from; d < to; d++) {
            if (n < 32) {
                bits = buffer;
                count = n;
                fill();
                buffer = bits;
                n = count;
            }
            HuffmanDecoder table = tables[k];
            if (++k == tableCount) {
                k = 0;
            }
            int next16 = (int) (buffer >>> (n - 16)) & 0xFFFF;
            int entry = table.lookup[next16 >>> (16 - HuffmanDecoder.LOOKAHEAD)];
            if (entry == 0) {
                entry = table.decodeLong(next16);
                if (entry == 0) {
                    bits = buffer;
                    count = n;
                    return d;
                }
            }
            n -= entry >>> 8;
            int s = entry & 0xFF;
            int diff;
            if (s == 0) {
                diff = 0;
            } else if (s == 16) {
                diff = 32768; // category 16 has no extra bits
            } else {
                n -= s;
                int v = (int) (buffer >>> n) & ((1 << s) - 1);
                diff = v < (1 << (s - 1)) ? v - (1 << s) + 1 : v;
            }
            diffs[d] = diff;
        }
        bits = buffer;
        count = n;
        return -1;
    }

    /** Error for a failed {@link #decode}. */
    CodecException invalidCode(String where) {
        return new CodecException("JPEG: invalid Huffman code near offset " + pos + " while decoding " + where);
    }

    /** Whether more bits were consumed than the entropy-coded segment held. */
    boolean overrun() {
        return count < invented;
    }

    /** Error for an {@link #overrun}. */
    CodecException overrunError(String where) {
        return new CodecException("JPEG: entropy-coded data ends early at offset " + pos + " (" + stopReason()
                + ") while decoding " + where);
    }

    /**
     * Ends a restart interval: drops the 1-bit padding of the last byte and consumes the RSTn marker that must
     * follow.
     */
    void restart(int expected, String where) throws CodecException {
        if (overrun()) {
            throw overrunError(where);
        }
        bits = 0;
        count = 0;
        invented = 0;
        stopped = false;
        while (pos + 1 < data.length && data[pos] == (byte) 0xFF && data[pos + 1] == (byte) 0xFF) {
            pos++;
        }
        if (pos + 1 >= data.length || data[pos] != (byte) 0xFF || (data[pos + 1] & 0xFF) != 0xD0 + expected) {
            throw new CodecException("JPEG: expected marker RST" + expected + " at offset " + pos + " but found "
                    + stopReason() + " after " + where);
        }
        pos += 2;
    }

    private String stopReason() {
        if (pos >= data.length) {
            return "end of input";
        }
        if (pos + 1 >= data.length) {
            return String.format("byte 0x%02X at end of input", data[pos] & 0xFF);
        }
        if (data[pos] == (byte) 0xFF) {
            return String.format("marker 0xFF%02X", data[pos + 1] & 0xFF);
        }
        return String.format("byte 0x%02X", data[pos] & 0xFF);
    }
}
