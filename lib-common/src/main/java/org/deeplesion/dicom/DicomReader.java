package org.deeplesion.dicom;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/**
 * Reads DICOM Part 10 files, with or without preamble and file meta information, in every transfer syntax of
 * {@link TransferSyntax}.
 *
 * <p>Lengths are never trusted: a value is allocated only after its declared length has been checked against the
 * configured cap and against the bytes that exist. Any structural problem raises {@link DicomFormatException}
 * naming the file, the tag and the byte offset.
 */
public final class DicomReader {

    /**
     * @param maxValueLength values declared longer than this are refused before any allocation
     * @param readPixelData false to skip (not load) pixel data, for reading headers fast
     */
    public record Options(long maxValueLength, boolean readPixelData) {

        public static final long DEFAULT_MAX_VALUE_LENGTH = 1L << 30;

        public Options {
            if (maxValueLength <= 0 || maxValueLength > Integer.MAX_VALUE - 16) {
                throw new IllegalArgumentException(
                        "maxValueLength must be in 1.." + (Integer.MAX_VALUE - 16) + ", was " + maxValueLength);
            }
        }

        public static Options defaults() {
            return new Options(DEFAULT_MAX_VALUE_LENGTH, true);
        }

        public static Options headersOnly() {
            return new Options(DEFAULT_MAX_VALUE_LENGTH, false);
        }

        public Options withMaxValueLength(long max) {
            return new Options(max, readPixelData);
        }
    }

    private static final int MAX_DEPTH = 32;
    private static final long UNDEFINED = 0xFFFFFFFFL;

    private final Options options;

    public DicomReader() {
        this(Options.defaults());
    }

    public DicomReader(Options options) {
        this.options = options;
    }

    public DicomFile read(Path path) throws IOException {
        long size = Files.size(path);
        try (InputStream in = Files.newInputStream(path)) {
            return read(path.toString(), in, size);
        }
    }

    public DicomFile read(String source, byte[] bytes) throws IOException {
        return read(source, new ByteArrayInputStream(bytes), bytes.length);
    }

    /**
     * @param size the stream's length in bytes, or -1 when unknown
     */
    public DicomFile read(String source, InputStream in, long size) throws IOException {
        return new Parse(source, new DicomInput(in, size, 0), options).file();
    }

    /** Whether the first bytes of a file (at least 132 when the file has them) look like DICOM. */
    public static boolean looksLikeDicom(byte[] head, int length) {
        if (length >= 132 && head[128] == 'D' && head[129] == 'I' && head[130] == 'C' && head[131] == 'M') {
            return true;
        }
        return length >= 8 && guessBareSyntax(head, length) != null;
    }

    private static TransferSyntax guessBareSyntax(byte[] b, int n) {
        if (n < 8) {
            return null;
        }
        int groupLe = (b[0] & 0xFF) | ((b[1] & 0xFF) << 8);
        int groupBe = ((b[0] & 0xFF) << 8) | (b[1] & 0xFF);
        boolean vrBytes = Vr.of(b[4] & 0xFF, b[5] & 0xFF) != null;
        if (plausibleFirstGroup(groupLe)) {
            return vrBytes ? TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN : TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN;
        }
        if (plausibleFirstGroup(groupBe) && vrBytes) {
            return TransferSyntax.EXPLICIT_VR_BIG_ENDIAN;
        }
        return null;
    }

    private static boolean plausibleFirstGroup(int group) {
        return group >= 0x0002 && group <= 0x0028 && (group & 1) == 0;
    }

    /** The state of one parse. */
    private static final class Parse {
        private final String source;
        private final Options options;
        private DicomInput in;

        Parse(String source, DicomInput in, Options options) {
            this.source = source;
            this.in = in;
            this.options = options;
        }

        DicomFile file() throws IOException {
            try {
                return parse();
            } catch (EOFException e) {
                throw new DicomFormatException(
                        source, DicomFormatException.NO_TAG, in.position(), "truncated file: " + e.getMessage(), e);
            }
        }

        private DicomFile parse() throws IOException {
            int head = in.ensure(132);
            if (head == 0) {
                throw DicomFormatException.ofFile(source, "empty file (0 bytes)");
            }
            boolean preamble = head >= 132
                    && in.peek(128) == 'D'
                    && in.peek(129) == 'I'
                    && in.peek(130) == 'C'
                    && in.peek(131) == 'M';
            if (preamble) {
                in.skip(132);
            } else if (head >= 4 && in.peek(0) == 'D' && in.peek(1) == 'I' && in.peek(2) == 'C' && in.peek(3) == 'M') {
                in.skip(4);
            }
            DicomDataset meta = new DicomDataset();
            while (in.ensure(8) >= 8 && in.peekUInt16(0, false) == 0x0002) {
                readElement(meta, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, 0, false);
            }
            TransferSyntax ts = transferSyntax(meta, preamble);
            if (ts.deflated()) {
                long start = in.position();
                in = new DicomInput(new InflaterInputStream(in.rest(), new Inflater(true)), -1, start);
            }
            DicomDataset dataset = readItems(ts, -1, SpecificCharacterSet.DEFAULT, 0, false);
            return new DicomFile(source, meta, dataset, ts);
        }

        private TransferSyntax transferSyntax(DicomDataset meta, boolean preamble) throws IOException {
            String uid = meta.string(Tag.TransferSyntaxUID);
            if (uid != null) {
                try {
                    TransferSyntax declared = TransferSyntax.ofUid(uid);
                    return declared;
                } catch (IllegalArgumentException e) {
                    throw new DicomFormatException(source, Tag.TransferSyntaxUID, -1, e.getMessage());
                }
            }
            int n = in.ensure(8);
            byte[] peek = new byte[n];
            for (int i = 0; i < n; i++) {
                peek[i] = (byte) in.peek(i);
            }
            TransferSyntax guessed = guessBareSyntax(peek, n);
            if (guessed == null) {
                throw DicomFormatException.ofFile(
                        source,
                        preamble
                                ? "not a DICOM file: 'DICM' magic but no file meta information or data set after it"
                                : "not a DICOM file: no 'DICM' magic at byte 128 and no DICOM data set at byte 0");
            }
            return guessed;
        }

        /**
         * Reads the elements of a data set or item until {@code end} (exclusive), an item delimitation (when
         * {@code undefinedItem}), or the end of the stream (top level).
         */
        private DicomDataset readItems(
                TransferSyntax ts, long end, SpecificCharacterSet cs, int depth, boolean undefinedItem)
                throws IOException {
            DicomDataset ds = new DicomDataset(cs);
            while (true) {
                if (end >= 0 && in.position() >= end) {
                    if (in.position() > end) {
                        throw new DicomFormatException(
                                source,
                                DicomFormatException.NO_TAG,
                                in.position(),
                                "element overruns the end of its item at byte " + end);
                    }
                    return ds;
                }
                if (end < 0 && in.atEnd()) {
                    if (undefinedItem) {
                        throw new DicomFormatException(
                                source,
                                DicomFormatException.NO_TAG,
                                in.position(),
                                "truncated file: item has no item delimitation");
                    }
                    return ds;
                }
                if (!readElement(ds, ts, depth, undefinedItem)) {
                    return ds;
                }
            }
        }

        /** Reads one element into ds; returns false when it read the item delimitation that ends ds. */
        private boolean readElement(DicomDataset ds, TransferSyntax ts, int depth, boolean undefinedItem)
                throws IOException {
            long at = in.position();
            boolean be = ts.bigEndian();
            int tag = in.tag(be);
            if (tag == Tag.ItemDelimitationItem) {
                in.u32(be);
                if (!undefinedItem) {
                    throw new DicomFormatException(
                            source, tag, at, "item delimitation outside an undefined-length item");
                }
                return false;
            }
            if (tag == Tag.Item || tag == Tag.SequenceDelimitationItem) {
                throw new DicomFormatException(source, tag, at, "item tag where a data element was expected");
            }
            Vr vr;
            long length;
            if (ts.explicitVr()) {
                int b0 = in.u8();
                int b1 = in.u8();
                vr = Vr.of(b0, b1);
                if (vr == null) {
                    throw new DicomFormatException(
                            source,
                            tag,
                            at,
                            String.format("invalid VR bytes 0x%02X 0x%02X in an explicit-VR data set", b0, b1));
                }
                if (vr.hasLongLength()) {
                    in.u16(be);
                    length = in.u32(be);
                } else {
                    length = in.u16(be);
                }
            } else {
                vr = ElementDictionary.vrOf(tag);
                length = in.u32(be);
            }
            long valueAt = in.position();
            if (tag == Tag.PixelData && length == UNDEFINED) {
                ds.put(readFragments(tag, vr, valueAt));
            } else if (tag == Tag.PixelData && !options.readPixelData()) {
                checkLength(tag, valueAt, length);
                in.skip(length);
                ds.put(new DicomElement(tag, vr, null, null, null, valueAt, length));
            } else if (vr == Vr.SQ || length == UNDEFINED) {
                if (depth >= MAX_DEPTH) {
                    throw new DicomFormatException(source, tag, at, "sequences nested deeper than " + MAX_DEPTH);
                }
                // An undefined-length UN element is a sequence encoded in implicit VR little endian (PS3.5 6.2.2).
                TransferSyntax itemSyntax = vr == Vr.SQ ? ts : TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN;
                List<DicomDataset> items = readSequence(tag, itemSyntax, length, ds.characterSet(), depth);
                ds.put(new DicomElement(tag, Vr.SQ, null, items, null, valueAt, length == UNDEFINED ? -1 : length));
            } else {
                checkLength(tag, valueAt, length);
                byte[] value = in.bytes((int) length);
                if (be && vr.swapUnit() > 1) {
                    swap(value, vr.swapUnit());
                }
                DicomElement element = new DicomElement(tag, vr, value, null, null, valueAt, length);
                try {
                    ds.put(element);
                } catch (IllegalArgumentException e) {
                    throw new DicomFormatException(source, tag, at, e.getMessage(), e);
                }
            }
            return true;
        }

        private List<DicomDataset> readSequence(
                int tag, TransferSyntax ts, long length, SpecificCharacterSet cs, int depth) throws IOException {
            long end = length == UNDEFINED ? -1 : in.position() + length;
            if (end >= 0) {
                checkLength(tag, in.position(), length);
            }
            List<DicomDataset> items = new ArrayList<>();
            while (end < 0 || in.position() < end) {
                long at = in.position();
                int itemTag = in.tag(ts.bigEndian());
                long itemLength = in.u32(ts.bigEndian());
                if (itemTag == Tag.SequenceDelimitationItem) {
                    if (end >= 0) {
                        throw new DicomFormatException(
                                source, tag, at, "sequence delimitation inside a defined-length sequence");
                    }
                    return items;
                }
                if (itemTag != Tag.Item) {
                    throw new DicomFormatException(
                            source,
                            tag,
                            at,
                            "expected an item (FFFE,E000) in the sequence, found " + Tag.toString(itemTag));
                }
                if (itemLength == UNDEFINED) {
                    items.add(readItems(ts, -1, cs, depth + 1, true));
                } else {
                    checkLength(tag, in.position(), itemLength);
                    items.add(readItems(ts, in.position() + itemLength, cs, depth + 1, false));
                }
            }
            if (in.position() > end) {
                throw new DicomFormatException(
                        source, tag, in.position(), "items overrun the sequence's declared length " + length);
            }
            return items;
        }

        private DicomElement readFragments(int tag, Vr vr, long valueAt) throws IOException {
            List<byte[]> fragments = options.readPixelData() ? new ArrayList<>() : null;
            while (true) {
                long at = in.position();
                int itemTag = in.tag(false);
                long length = in.u32(false);
                if (itemTag == Tag.SequenceDelimitationItem) {
                    break;
                }
                if (itemTag != Tag.Item) {
                    throw new DicomFormatException(
                            source,
                            tag,
                            at,
                            "expected a fragment item (FFFE,E000) in encapsulated pixel data, found "
                                    + Tag.toString(itemTag));
                }
                if (length == UNDEFINED) {
                    throw new DicomFormatException(source, tag, at, "pixel data fragment with undefined length");
                }
                checkLength(tag, in.position(), length);
                if (fragments != null) {
                    fragments.add(in.bytes((int) length));
                } else {
                    in.skip(length);
                }
            }
            return fragments == null
                    ? new DicomElement(tag, vr, null, null, null, valueAt, -1)
                    : new DicomElement(tag, vr, null, null, List.copyOf(fragments), valueAt, -1);
        }

        private void checkLength(int tag, long at, long length) throws DicomFormatException {
            if (length > options.maxValueLength()) {
                throw new DicomFormatException(
                        source,
                        tag,
                        at,
                        "declared length " + length + " exceeds the limit of " + options.maxValueLength() + " bytes");
            }
            if (length > in.remaining()) {
                throw new DicomFormatException(
                        source,
                        tag,
                        at,
                        "declared length " + length + " exceeds the " + in.remaining() + " bytes left in the file");
            }
        }

        private static void swap(byte[] v, int unit) {
            for (int i = 0; i + unit <= v.length; i += unit) {
                for (int a = i, b = i + unit - 1; a < b; a++, b--) {
                    byte t = v[a];
                    v[a] = v[b];
                    v[b] = t;
                }
            }
        }
    }
}
