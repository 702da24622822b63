package org.deeplesion.dicom;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Decodes frames of a file's pixel data to stored values: native or encapsulated (JPEG, JPEG 2000, RLE), with
 * bits stored below bits allocated masked and, for signed pixel representation, sign-extended.
 */
public final class PixelData {

    private PixelData() {}

    /** Stored values of one frame, row-major (sample-interleaved for colour). */
    public static int[] storedValues(DicomFile file, int frame) throws DicomFormatException {
        DicomDataset ds = file.dataset();
        ImagePixel pixel;
        try {
            pixel = ImagePixel.of(ds);
        } catch (IllegalArgumentException e) {
            throw new DicomFormatException(
                    file.source(), Tag.PixelData, -1, "bad Image Pixel module: " + e.getMessage(), e);
        }
        if (frame < 0 || frame >= pixel.frames()) {
            throw new IllegalArgumentException(
                    file.source() + ": frame " + frame + " out of 0.." + (pixel.frames() - 1));
        }
        DicomElement element = ds.get(Tag.PixelData);
        if (element == null) {
            throw new DicomFormatException(file.source(), Tag.PixelData, -1, "file has no pixel data");
        }
        if (element.isSkipped()) {
            throw new IllegalStateException(file.source() + ": pixel data was skipped; read with pixel data");
        }
        if (element.isEncapsulated()) {
            byte[] compressed = encapsulatedFrame(file, element, pixel.frames(), frame);
            return EncapsulatedFrames.decode(file, compressed, pixel);
        }
        return nativeFrame(file, element, pixel, frame);
    }

    /**
     * HU straight from native 16-bit single-sample pixel data with an integral intercept and unit slope, the common
     * CT case, without the intermediate array of stored values; null when the frame is not of that kind.
     */
    public static short[] nativeHu(DicomFile file, int frame) {
        NativeHu n = NativeHu.of(file, frame);
        if (n == null) {
            return null;
        }
        short[] hu = new short[n.count()];
        for (int i = 0; i < hu.length; i++) {
            hu[i] = (short) n.hu(i);
        }
        return hu;
    }

    /**
     * The same HU as {@link #nativeHu}, already encoded as int16 little endian (the lake's pixel encoding), so that
     * ingest allocates and fills one array per frame instead of two; null when the frame is not of that kind.
     *
     * <p>When the stored words already are HU (signed, all 16 bits stored, intercept 0: what many scanners write), a
     * single frame is returned as the pixel data element's own array, not a copy: a 512 x 512 slice then costs no
     * allocation, zeroing or pass over its 512 KB here. The caller must not modify the array.
     */
    public static byte[] nativeHuLittleEndian(DicomFile file, int frame) {
        NativeHu n = NativeHu.of(file, frame);
        if (n == null) {
            return null;
        }
        if (n.storesHu()) {
            return n.base() == 0 && n.words().length == n.count() * 2
                    ? n.words()
                    : Arrays.copyOfRange(n.words(), n.base(), n.base() + n.count() * 2);
        }
        byte[] out = new byte[n.count() * 2];
        for (int i = 0, j = 0; j < out.length; i++, j += 2) {
            int h = n.hu(i);
            out[j] = (byte) h;
            out[j + 1] = (byte) (h >> 8);
        }
        return out;
    }

    /** How one frame of native 16-bit CT pixel data maps to HU: where its words are and how to unpack them. */
    private record NativeHu(byte[] words, int base, int count, int shift, int mask, int signBit, int offset) {

        static NativeHu of(DicomFile file, int frame) {
            DicomElement element = file.dataset().get(Tag.PixelData);
            if (element == null || element.value() == null) {
                return null;
            }
            ImagePixel p;
            try {
                p = ImagePixel.of(file.dataset());
            } catch (IllegalArgumentException e) {
                return null;
            }
            double intercept = p.rescaleIntercept();
            if (p.bitsAllocated() != 16
                    || p.samplesPerPixel() != 1
                    || p.rescaleSlope() != 1.0
                    || intercept != Math.rint(intercept)
                    || Math.abs(intercept) > 1 << 20
                    || frame < 0
                    || frame >= p.frames()
                    || element.value().length < p.frameLength() * p.frames()) {
                return null;
            }
            return new NativeHu(
                    element.value(),
                    (int) (p.frameLength() * frame),
                    p.samplesPerFrame(),
                    p.highBit() + 1 - p.bitsStored(),
                    (1 << p.bitsStored()) - 1,
                    p.signed() ? 1 << (p.bitsStored() - 1) : 0,
                    (int) intercept);
        }

        /** Whether each little-endian word already is the sample's HU (two's complement, 16 bits, no offset). */
        boolean storesHu() {
            return shift == 0 && mask == 0xFFFF && signBit == 0x8000 && offset == 0;
        }

        /** HU of sample i, clamped to the int16 range. */
        int hu(int i) {
            int j = base + 2 * i;
            int word = (words[j] & 0xFF) | ((words[j + 1] & 0xFF) << 8);
            int stored = ((word >>> shift) & mask ^ signBit) - signBit;
            int h = stored + offset;
            return h < Short.MIN_VALUE ? Short.MIN_VALUE : h > Short.MAX_VALUE ? Short.MAX_VALUE : h;
        }
    }

    private static int[] nativeFrame(DicomFile file, DicomElement element, ImagePixel p, int frame)
            throws DicomFormatException {
        byte[] v = element.value();
        long needed = p.frameLength() * p.frames();
        if (v.length < needed) {
            throw new DicomFormatException(
                    file.source(),
                    Tag.PixelData,
                    element.valueOffset(),
                    "pixel data holds "
                            + v.length + " bytes but " + p.frames() + " frame(s) of " + p.columns() + "x" + p.rows()
                            + "x"
                            + p.samplesPerPixel() + " at " + p.bitsAllocated() + " bits need " + needed);
        }
        int n = p.samplesPerFrame();
        int[] out = new int[n];
        int base = (int) (p.frameLength() * frame);
        int shift = p.highBit() + 1 - p.bitsStored();
        switch (p.bitsAllocated()) {
            case 8 -> {
                for (int i = 0; i < n; i++) {
                    out[i] = v[base + i] & 0xFF;
                }
            }
            case 16 -> {
                for (int i = 0, j = base; i < n; i++, j += 2) {
                    out[i] = (v[j] & 0xFF) | ((v[j + 1] & 0xFF) << 8);
                }
            }
            default -> {
                ByteBuffer bb = ByteBuffer.wrap(v).order(ByteOrder.LITTLE_ENDIAN);
                for (int i = 0; i < n; i++) {
                    out[i] = bb.getInt(base + i * 4);
                }
            }
        }
        applyBitsStored(out, p.bitsStored(), shift, p.signed());
        return out;
    }

    /** Masks each value to bits stored (after shifting out bits below the high bit's field) and sign-extends. */
    static void applyBitsStored(int[] values, int bitsStored, int shift, boolean signed) {
        if (bitsStored == 32) {
            return;
        }
        int mask = (1 << bitsStored) - 1;
        int signBit = 1 << (bitsStored - 1);
        if (signed) {
            for (int i = 0; i < values.length; i++) {
                int x = (values[i] >>> shift) & mask;
                values[i] = (x ^ signBit) - signBit;
            }
        } else if (shift != 0 || bitsStored < 31) {
            for (int i = 0; i < values.length; i++) {
                values[i] = (values[i] >>> shift) & mask;
            }
        }
    }

    /**
     * The compressed bytes of one frame: by the Extended or Basic Offset Table when present, else one fragment
     * per frame, else (JPEG and JPEG 2000) by the start-of-image marker that opens each frame's first fragment.
     */
    static byte[] encapsulatedFrame(DicomFile file, DicomElement element, int frames, int frame)
            throws DicomFormatException {
        List<byte[]> fragments = element.fragments();
        if (fragments.size() < 2) {
            throw new DicomFormatException(
                    file.source(), Tag.PixelData, element.valueOffset(), "encapsulated pixel data has no fragments");
        }
        List<byte[]> data = fragments.subList(1, fragments.size());
        if (frames == 1) {
            return concat(data);
        }
        long[] offsets = frameOffsets(file, fragments.get(0), frames);
        List<List<byte[]>> perFrame = new ArrayList<>();
        if (offsets != null) {
            long pos = 0;
            int f = -1;
            for (byte[] fragment : data) {
                while (f + 1 < frames && pos >= offsets[f + 1]) {
                    f++;
                    perFrame.add(new ArrayList<>());
                }
                if (f < 0) {
                    throw new DicomFormatException(
                            file.source(),
                            Tag.PixelData,
                            element.valueOffset(),
                            "basic offset table does not start at the first fragment");
                }
                perFrame.get(f).add(fragment);
                pos += 8 + fragment.length;
            }
        } else if (data.size() == frames) {
            for (byte[] fragment : data) {
                perFrame.add(List.of(fragment));
            }
        } else {
            for (byte[] fragment : data) {
                boolean starts = fragment.length >= 2
                        && (fragment[0] & 0xFF) == 0xFF
                        && ((fragment[1] & 0xFF) == 0xD8 || (fragment[1] & 0xFF) == 0x4F);
                if (starts || perFrame.isEmpty()) {
                    perFrame.add(new ArrayList<>());
                }
                perFrame.get(perFrame.size() - 1).add(fragment);
            }
        }
        if (perFrame.size() != frames) {
            throw new DicomFormatException(
                    file.source(),
                    Tag.PixelData,
                    element.valueOffset(),
                    "found " + perFrame.size() + " compressed frames in the fragments but Number of Frames is "
                            + frames);
        }
        return concat(perFrame.get(frame));
    }

    private static long[] frameOffsets(DicomFile file, byte[] table, int frames) throws DicomFormatException {
        DicomElement extended = file.dataset().get(Tag.ExtendedOffsetTable);
        if (extended != null && extended.value() != null && extended.value().length >= 8L * frames) {
            ByteBuffer bb = ByteBuffer.wrap(extended.value()).order(ByteOrder.LITTLE_ENDIAN);
            long[] out = new long[frames];
            for (int i = 0; i < frames; i++) {
                out[i] = bb.getLong(i * 8);
            }
            return out;
        }
        if (table.length == 0) {
            return null;
        }
        if (table.length != 4 * frames) {
            throw new DicomFormatException(
                    file.source(),
                    Tag.PixelData,
                    -1,
                    "basic offset table has " + table.length / 4 + " entries but Number of Frames is " + frames);
        }
        ByteBuffer bb = ByteBuffer.wrap(table).order(ByteOrder.LITTLE_ENDIAN);
        long[] out = new long[frames];
        for (int i = 0; i < frames; i++) {
            out[i] = bb.getInt(i * 4) & 0xFFFFFFFFL;
        }
        return out;
    }

    private static byte[] concat(List<byte[]> parts) {
        if (parts.size() == 1) {
            return parts.get(0);
        }
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
