package org.deeplesion.dicom.codec;

import java.util.ArrayList;
import java.util.List;

/**
 * The facts we need from a JPEG 2000 codestream (T.800 Annex A), checked before the data reaches JJ2000: its image
 * size and component formats, and that every tile-part lies within the input. JJ2000 quietly decodes a truncated
 * codestream at lower quality, or reports an error by printing it and throwing ThreadDeath, so truncation is caught
 * here instead.
 */
record J2kCodestream(int columns, int rows, List<Component> components) {
    private static final int SOC = 0xFF4F;
    private static final int SIZ = 0xFF51;
    private static final int SOT = 0xFF90;
    private static final int EOC = 0xFFD9;
    private static final long JP2_SIGNATURE_BOX = 0x6A502020L; // 'jP  '
    private static final long CODESTREAM_BOX = 0x6A703263L; // 'jp2c'

    /** One component's format: precision 1..38 bits and whether its samples are signed. */
    record Component(int precision, boolean signed) {}

    static J2kCodestream parse(byte[] data) throws CodecException {
        Span span = codestreamSpan(data);
        int start = span.start();
        Reader r = new Reader(data, span.end());
        if (r.u16(start) != SOC || r.u16(start + 2) != SIZ) {
            throw new CodecException(String.format(
                    "JPEG 2000: expected SOC and SIZ markers at offset %d, found " + "0x%04X 0x%04X",
                    start, r.u16(start), r.u16(start + 2)));
        }
        int lsiz = r.u16(start + 4);
        int count = r.u16(start + 40);
        if (count < 1 || count > 16384 || lsiz != 38 + 3 * count) {
            throw new CodecException("JPEG 2000: SIZ segment has length " + lsiz + " for " + count + " components");
        }
        long columns = r.u32(start + 8) - r.u32(start + 16);
        long rows = r.u32(start + 12) - r.u32(start + 20);
        if (columns < 1 || rows < 1 || columns > 65535 || rows > 65535) {
            // DICOM's Rows and Columns are 16-bit, so larger images cannot be DICOM frames.
            throw new CodecException(
                    "JPEG 2000: image of " + columns + "x" + rows + " samples is empty or exceeds 65535 each way");
        }
        List<Component> components = new ArrayList<>();
        for (int c = 0, p = start + 42; c < count; c++, p += 3) {
            int ssiz = r.u8(p);
            if (r.u8(p + 1) != 1 || r.u8(p + 2) != 1) {
                throw new CodecException("JPEG 2000: component " + c + " is subsampled " + r.u8(p + 1) + "x"
                        + r.u8(p + 2) + ", which is not supported");
            }
            components.add(new Component((ssiz & 0x7F) + 1, (ssiz & 0x80) != 0));
        }
        checkTileParts(r, start + 4 + lsiz);
        return new J2kCodestream((int) columns, (int) rows, List.copyOf(components));
    }

    /** Skips the main header and follows the tile-part lengths (Psot) up to EOC. */
    private static void checkTileParts(Reader r, int afterSiz) throws CodecException {
        int pos = afterSiz;
        while (r.u16(pos) != SOT) {
            int marker = r.u16(pos);
            if ((marker & 0xFF00) != 0xFF00) {
                throw new CodecException(
                        String.format("JPEG 2000: expected a marker at offset %d, found 0x%04X", pos, marker));
            }
            pos += 2 + r.u16(pos + 2);
        }
        while (true) {
            int marker = r.u16(pos);
            if (marker == EOC) {
                return;
            }
            if (marker != SOT) {
                throw new CodecException(String.format(
                        "JPEG 2000: expected a tile-part (SOT) or EOC at offset %d, " + "found 0x%04X", pos, marker));
            }
            long psot = r.u32(pos + 6);
            if (psot == 0) {
                // The last tile-part may leave its length open; then only an EOC at the end shows it is complete.
                if (!r.endsWithEoc()) {
                    throw new CodecException("JPEG 2000: open-ended last tile-part at offset " + pos
                            + " is not followed by EOC at the end of the data (truncated codestream)");
                }
                return;
            }
            if (psot < 14 || pos + psot > r.end) {
                throw new CodecException("JPEG 2000: tile-part at offset " + pos + " claims " + psot + " bytes but "
                        + (r.end - pos) + " remain (truncated codestream)");
            }
            pos += (int) psot;
            if (pos == r.end) {
                return; // complete tile-parts without the closing EOC: nothing is missing
            }
        }
    }

    /**
     * Where the codestream lies: all of the data for a raw codestream, else the content of the JP2 file's
     * contiguous-codestream box (T.800 Annex I).
     */
    private static Span codestreamSpan(byte[] data) throws CodecException {
        if (data.length >= 2 && (data[0] & 0xFF) == 0xFF && (data[1] & 0xFF) == 0x4F) {
            return new Span(0, data.length);
        }
        Reader r = new Reader(data, data.length);
        if (data.length < 12 || r.u32(0) != 12 || r.u32(4) != JP2_SIGNATURE_BOX) {
            throw new CodecException("JPEG 2000: data starts with neither a codestream (SOC marker 0xFF4F) nor a "
                    + "JP2 signature box");
        }
        long pos = 0;
        while (pos + 8 <= data.length) {
            long length = r.u32((int) pos);
            long type = r.u32((int) pos + 4);
            int header = 8;
            if (length == 1) {
                length = r.u32((int) pos + 8) << 32 | r.u32((int) pos + 12);
                header = 16;
            } else if (length == 0) {
                length = data.length - pos; // the last box may run to the end of the file
            }
            if (length < header || pos + length > data.length) {
                throw new CodecException("JPEG 2000: JP2 box at offset " + pos + " claims " + length + " bytes but "
                        + (data.length - pos) + " remain");
            }
            if (type == CODESTREAM_BOX) {
                return new Span((int) pos + header, (int) (pos + length));
            }
            pos += length;
        }
        throw new CodecException("JPEG 2000: JP2 file has no contiguous-codestream ('jp2c') box");
    }

    private record Span(int start, int end) {}

    /** Bounds-checked big-endian reads over [start, end). */
    private static final class Reader {
        final byte[] data;
        final int end;

        Reader(byte[] data, int end) {
            this.data = data;
            this.end = end;
        }

        int u8(int pos) throws CodecException {
            if (pos < 0 || pos >= end) {
                throw new CodecException("JPEG 2000: codestream ends at offset " + end + " where offset " + pos
                        + " was needed (truncated header)");
            }
            return data[pos] & 0xFF;
        }

        int u16(int pos) throws CodecException {
            return u8(pos) << 8 | u8(pos + 1);
        }

        long u32(int pos) throws CodecException {
            return (long) u16(pos) << 16 | u16(pos + 2);
        }

        boolean endsWithEoc() {
            int last = end;
            while (last > 0 && data[last - 1] == 0) {
                last--; // DICOM pads fragments to even length
            }
            return last >= 2 && data[last - 2] == (byte) 0xFF && data[last - 1] == (byte) 0xD9;
        }
    }
}
