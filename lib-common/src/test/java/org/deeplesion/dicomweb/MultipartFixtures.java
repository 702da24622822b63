package org.deeplesion.dicomweb;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32;

/** Multipart bodies and generated content for the parser and client tests. */
final class MultipartFixtures {

    static final String BOUNDARY = "dicomweb-3f7a9c";
    static final String TYPE = "multipart/related; type=\"application/dicom\"; boundary=" + BOUNDARY;

    private MultipartFixtures() {}

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** A multipart/related body holding these parts as application/dicom, with a preamble and an epilogue. */
    static byte[] multipart(String boundary, List<byte[]> parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ascii("This is a preamble; --" + boundary + " inside a line is not a delimiter.\r\n"));
        for (byte[] part : parts) {
            out.writeBytes(ascii("--" + boundary + "\r\nContent-Type: application/dicom\r\nContent-Length: "
                    + part.length + "\r\n\r\n"));
            out.writeBytes(part);
            out.writeBytes(ascii("\r\n"));
        }
        out.writeBytes(ascii("--" + boundary + "--\r\nan epilogue to be ignored\r\n"));
        return out.toByteArray();
    }

    /** Bytes that look like a delimiter but are not one: CRLF--boundary less its last byte, and --boundary alone. */
    static byte[] trickyBody(String boundary) {
        String almost = boundary.substring(0, boundary.length() - 1);
        return ascii("DICM\r\n--" + almost + "\r\n--" + almost + "X-- --" + boundary + "\r\n\r\n-\r\n--\r\r\n\n" + "-"
                + boundary + "--\r\n-- " + boundary + "\r\n");
    }

    /** Serves a byte array in reads of the given sizes, in turn, however much the reader asks for. */
    static InputStream trickle(byte[] data, int... sizes) {
        return new InputStream() {
            int at;
            int turn;

            @Override
            public int read() {
                return at < data.length ? data[at++] & 0xff : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (at >= data.length) {
                    return -1;
                }
                int n = Math.min(Math.min(len, sizes[turn++ % sizes.length]), data.length - at);
                System.arraycopy(data, at, b, off, n);
                at += n;
                return n;
            }
        };
    }

    /** Writes size pseudo-random bytes from this seed, 64 KiB at a time, and returns their CRC-32. */
    static long writeGenerated(OutputStream out, long size, long seed) throws IOException {
        Random random = new Random(seed);
        CRC32 crc = new CRC32();
        byte[] chunk = new byte[65_536];
        for (long left = size; left > 0; ) {
            random.nextBytes(chunk);
            int n = (int) Math.min(chunk.length, left);
            out.write(chunk, 0, n);
            crc.update(chunk, 0, n);
            left -= n;
        }
        return crc.getValue();
    }

    /** The bytes {@link #writeGenerated} writes, as a stream made as it is read. */
    static InputStream generated(long size, long seed) {
        return new InputStream() {
            final Random random = new Random(seed);
            final byte[] chunk = new byte[65_536];
            int at = chunk.length;
            long left = size;

            @Override
            public int read() {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left == 0) {
                    return -1;
                }
                if (at == chunk.length) {
                    random.nextBytes(chunk);
                    at = 0;
                }
                int n = (int) Math.min(Math.min(len, chunk.length - at), left);
                System.arraycopy(chunk, at, b, off, n);
                at += n;
                left -= n;
                return n;
            }
        };
    }

    /** The CRC-32 of what {@link #writeGenerated} writes. */
    static long generatedCrc(long size, long seed) throws IOException {
        return writeGenerated(OutputStream.nullOutputStream(), size, seed);
    }

    /** Reads a stream to its end in odd-sized reads, returning its CRC-32 and length. */
    static long[] crcAndLength(InputStream in) throws IOException {
        CRC32 crc = new CRC32();
        byte[] buf = new byte[8_191];
        long length = 0;
        for (int n; (n = in.read(buf)) >= 0; ) {
            crc.update(buf, 0, n);
            length += n;
        }
        return new long[] {crc.getValue(), length};
    }
}
