package org.deeplesion.dicom;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * A buffered, position-tracking reader of the bytes of one DICOM stream. Knows the stream size when the caller
 * does, so that declared lengths can be checked against the bytes that really exist before anything is allocated.
 */
final class DicomInput {

    // A CT header is a few kilobytes and pixel data is read straight into its own array: a larger buffer would only
    // read pixel bytes that a header-only pass throws away, and cost an allocation per file.
    private static final int BUFFER = 16 * 1024;

    private final InputStream in;
    private final long size;
    private final byte[] buf = new byte[BUFFER];
    private int pos;
    private int lim;
    private long bufferStart;

    /**
     * @param size the number of bytes the stream holds, or -1 when unknown (e.g. inflated data)
     * @param startPosition position of the stream's first byte in the file, for error messages
     */
    DicomInput(InputStream in, long size, long startPosition) {
        this.in = in;
        this.size = size < 0 ? -1 : startPosition + size;
        this.bufferStart = startPosition;
    }

    long position() {
        return bufferStart + pos;
    }

    /** Bytes left before the end of the stream, or Long.MAX_VALUE when the size is unknown. */
    long remaining() {
        return size < 0 ? Long.MAX_VALUE : size - position();
    }

    boolean sizeKnown() {
        return size >= 0;
    }

    /** Buffers up to n bytes and returns how many are available (fewer only at the end of the stream). */
    int ensure(int n) throws IOException {
        if (lim - pos >= n) {
            return n;
        }
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, lim - pos);
            bufferStart += pos;
            lim -= pos;
            pos = 0;
        }
        while (lim < n) {
            int r = in.read(buf, lim, buf.length - lim);
            if (r < 0) {
                break;
            }
            lim += r;
        }
        return Math.min(n, lim);
    }

    boolean atEnd() throws IOException {
        return ensure(1) == 0;
    }

    /** The byte at offset i ahead of the current position; requires {@link #ensure} to have buffered it. */
    int peek(int i) {
        return buf[pos + i] & 0xFF;
    }

    int peekUInt16(int i, boolean bigEndian) {
        return bigEndian ? (peek(i) << 8) | peek(i + 1) : peek(i) | (peek(i + 1) << 8);
    }

    int u8() throws IOException {
        require(1);
        return buf[pos++] & 0xFF;
    }

    int u16(boolean bigEndian) throws IOException {
        require(2);
        int v = peekUInt16(0, bigEndian);
        pos += 2;
        return v;
    }

    long u32(boolean bigEndian) throws IOException {
        require(4);
        long v = bigEndian
                ? ((long) peek(0) << 24) | (peek(1) << 16) | (peek(2) << 8) | peek(3)
                : ((long) peek(3) << 24) | (peek(2) << 16) | (peek(1) << 8) | peek(0);
        pos += 4;
        return v;
    }

    int tag(boolean bigEndian) throws IOException {
        int group = u16(bigEndian);
        int element = u16(bigEndian);
        return (group << 16) | element;
    }

    /** Reads exactly n bytes; the caller has checked n against the cap and, when known, the bytes remaining. */
    byte[] bytes(int n) throws IOException {
        int buffered = Math.min(n, lim - pos);
        if (!sizeKnown() && n - buffered > BUFFER) {
            // Unknown size: let the stream grow the array as bytes arrive instead of trusting the length.
            byte[] head = new byte[buffered];
            System.arraycopy(buf, pos, head, 0, buffered);
            pos += buffered;
            byte[] tail = in.readNBytes(n - buffered);
            bufferStart += tail.length;
            if (tail.length < n - buffered) {
                throw new EOFException("stream ended " + (n - buffered - tail.length) + " bytes early");
            }
            byte[] out = new byte[n];
            System.arraycopy(head, 0, out, 0, buffered);
            System.arraycopy(tail, 0, out, buffered, tail.length);
            return out;
        }
        byte[] out = new byte[n];
        System.arraycopy(buf, pos, out, 0, buffered);
        pos += buffered;
        int done = buffered;
        while (done < n) {
            int r = in.read(out, done, n - done);
            if (r < 0) {
                throw new EOFException("stream ended " + (n - done) + " bytes early");
            }
            done += r;
            bufferStart += r;
        }
        return out;
    }

    void skip(long n) throws IOException {
        long buffered = Math.min(n, lim - pos);
        pos += (int) buffered;
        long left = n - buffered;
        while (left > 0) {
            long s = in.skip(left);
            if (s <= 0) {
                if (in.read() < 0) {
                    throw new EOFException("stream ended " + left + " bytes early");
                }
                s = 1;
            }
            left -= s;
            bufferStart += s;
        }
    }

    /** The rest of this input as a stream (for inflating deflated data sets). */
    InputStream rest() {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                return atEnd() ? -1 : u8();
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (len == 0) {
                    return 0;
                }
                if (lim - pos == 0 && ensure(1) == 0) {
                    return -1;
                }
                int n = Math.min(len, lim - pos);
                System.arraycopy(buf, pos, b, off, n);
                pos += n;
                return n;
            }
        };
    }

    private void require(int n) throws IOException {
        if (ensure(n) < n) {
            throw new EOFException("stream ended " + (n - (lim - pos)) + " bytes early");
        }
    }
}
