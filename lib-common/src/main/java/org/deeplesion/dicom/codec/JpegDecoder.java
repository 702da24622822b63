package org.deeplesion.dicom.codec;

import java.util.ArrayList;
import java.util.List;

/**
 * Decodes the JPEG processes found in DICOM: baseline (SOF0), extended sequential DCT with 8 or 12 bits (SOF1) and
 * lossless (SOF3, process 14, any predictor 1-7, precision 2-16, point transform), with restart intervals, for one
 * or several components.
 *
 * <p>Our own code rather than ImageIO, because neither reader on our class path is good enough for DICOM: the JDK
 * reader rejects 12-bit data and TwelveMonkeys 3.12 hands 12-bit SOF1 to it. TwelveMonkeys' lossless decoder gets
 * predictors 1-7 and 16-bit data right, but ignores the point transform, silently mis-decodes the last sample
 * before some restart markers, and at 6.6 ms per 512x512 16-bit frame is 2.5 times slower than this one.
 *
 * <p>DCT output matches IJG libjpeg's default islow IDCT bit for bit (see {@link IslowIdct}) and chroma is
 * upsampled the way IJG does by default, so results equal dcmtk's. Samples come back in the coded colour space
 * (YCbCr stays YCbCr, as the DICOM Photometric Interpretation describes it).
 */
public final class JpegDecoder {
    private static final int SOF0 = 0xC0;
    private static final int SOF1 = 0xC1;
    private static final int SOF3 = 0xC3;
    private static final int DHT = 0xC4;
    private static final int SOI = 0xD8;
    private static final int EOI = 0xD9;
    private static final int SOS = 0xDA;
    private static final int DQT = 0xDB;
    private static final int DRI = 0xDD;

    private final byte[] data;
    private final HuffmanDecoder[] dcTables = new HuffmanDecoder[4];
    private final HuffmanDecoder[] acTables = new HuffmanDecoder[4];
    private final int[][] quantTables = new int[4][];
    private int restartInterval;
    private JpegFrame frame;
    private boolean[] scanned;
    /** Lossless output, filled scan by scan. */
    private int[] samples;
    /** DCT output before upsampling and interleaving. */
    private ComponentPlane[] planes;

    private IslowIdct idct;

    private JpegDecoder(byte[] data) {
        this.data = data;
    }

    public static DecodedFrame decode(byte[] jpeg) throws CodecException {
        return new JpegDecoder(jpeg).decodeStream();
    }

    private DecodedFrame decodeStream() throws CodecException {
        if (data.length < 2 || data[0] != (byte) 0xFF || data[1] != (byte) SOI) {
            throw new CodecException(
                    data.length < 2
                            ? "JPEG: missing SOI marker: stream has " + data.length + " bytes"
                            : String.format(
                                    "JPEG: missing SOI marker: stream starts with 0x%02X%02X",
                                    data[0] & 0xFF, data[1] & 0xFF));
        }
        int pos = 2;
        while (true) {
            if (pos >= data.length) {
                return finish("the end of input at offset " + pos);
            }
            if (data[pos] != (byte) 0xFF) {
                throw new CodecException(String.format(
                        "JPEG: expected a marker at offset %d, found byte 0x%02X", pos, data[pos] & 0xFF));
            }
            int markerOffset = pos;
            while (pos < data.length && data[pos] == (byte) 0xFF) {
                markerOffset = pos++; // fill bytes may precede a marker
            }
            if (pos >= data.length) {
                return finish("the end of input at offset " + pos);
            }
            int marker = data[pos++] & 0xFF;
            switch (marker) {
                case EOI -> {
                    return finish("EOI at offset " + markerOffset);
                }
                case SOF0, SOF1, SOF3 -> pos = readFrame(marker, pos, markerOffset);
                case DHT -> pos = readHuffmanTables(pos, markerOffset);
                case DQT -> pos = readQuantizationTables(pos, markerOffset);
                case DRI -> pos = readRestartInterval(pos, markerOffset);
                case SOS -> pos = readScan(pos, markerOffset);
                case 0xC2, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF, 0xF7 ->
                    throw new CodecException(
                            String.format("JPEG: unsupported %s at offset %d", processName(marker), markerOffset));
                case SOI -> throw new CodecException("JPEG: second SOI marker at offset " + markerOffset);
                case 0xD0, 0xD1, 0xD2, 0xD3, 0xD4, 0xD5, 0xD6, 0xD7, 0x01 -> {
                    // Stand-alone markers without a segment: RSTn outside a scan is harmless padding, TEM is private.
                }
                default -> pos = segmentEnd(pos, markerOffset, String.format("marker 0xFF%02X", marker));
            }
        }
    }

    private static String processName(int sof) {
        return switch (sof) {
            case 0xC2 -> "SOF2 (progressive DCT, Huffman)";
            case 0xC5 -> "SOF5 (differential sequential DCT, hierarchical)";
            case 0xC6 -> "SOF6 (differential progressive DCT, hierarchical)";
            case 0xC7 -> "SOF7 (differential lossless, hierarchical)";
            case 0xC9 -> "SOF9 (sequential DCT, arithmetic coding)";
            case 0xCA -> "SOF10 (progressive DCT, arithmetic coding)";
            case 0xCB -> "SOF11 (lossless, arithmetic coding)";
            case 0xCD -> "SOF13 (differential sequential DCT, arithmetic coding)";
            case 0xCE -> "SOF14 (differential progressive DCT, arithmetic coding)";
            case 0xCF -> "SOF15 (differential lossless, arithmetic coding)";
            default -> "SOF55 (JPEG-LS; decode it as JPEG-LS, not JPEG)";
        };
    }

    private int u8(int pos) {
        return data[pos] & 0xFF;
    }

    private int u16(int pos) {
        return ((data[pos] & 0xFF) << 8) | (data[pos + 1] & 0xFF);
    }

    /** Checks a segment's length field against the bytes present and returns the offset just after it. */
    private int segmentEnd(int pos, int markerOffset, String name) throws CodecException {
        if (pos + 2 > data.length) {
            throw new CodecException("JPEG: " + name + " at offset " + markerOffset + " is cut off before its length");
        }
        int length = u16(pos);
        if (length < 2) {
            throw new CodecException("JPEG: " + name + " at offset " + markerOffset + " has invalid length " + length);
        }
        if (pos + length > data.length) {
            throw new CodecException("JPEG: " + name + " at offset " + markerOffset + " claims " + length
                    + " bytes but only " + (data.length - pos) + " remain");
        }
        return pos + length;
    }

    private int readFrame(int marker, int pos, int markerOffset) throws CodecException {
        String name = String.format("SOF%d segment", marker - SOF0);
        int end = segmentEnd(pos, markerOffset, name);
        if (frame != null) {
            throw new CodecException("JPEG: second frame header at offset " + markerOffset
                    + " (hierarchical streams are not supported)");
        }
        if (end - pos < 8) {
            throw new CodecException("JPEG: " + name + " at offset " + markerOffset + " is too short");
        }
        int precision = u8(pos + 2);
        int rows = u16(pos + 3);
        int columns = u16(pos + 5);
        int count = u8(pos + 7);
        if (end - pos != 8 + 3 * count) {
            throw new CodecException("JPEG: " + name + " at offset " + markerOffset + " has length " + (end - pos)
                    + " but declares " + count + " components");
        }
        boolean precisionOk = switch (marker) {
            case SOF0 -> precision == 8;
            case SOF1 -> precision == 8 || precision == 12;
            default -> precision >= 2 && precision <= 16;
        };
        if (!precisionOk) {
            throw new CodecException("JPEG: " + name + " at offset " + markerOffset + " has precision " + precision
                    + ", which that process does not allow");
        }
        if (rows == 0) {
            throw new CodecException("JPEG: frame at offset " + markerOffset
                    + " has 0 rows (a height given later by DNL is not supported)");
        }
        if (columns == 0 || count == 0) {
            throw new CodecException("JPEG: frame at offset " + markerOffset + " has " + columns + " columns and "
                    + count + " components");
        }
        List<JpegFrame.Component> components = new ArrayList<>();
        for (int i = 0, p = pos + 8; i < count; i++, p += 3) {
            int id = u8(p);
            int h = u8(p + 1) >> 4;
            int v = u8(p + 1) & 15;
            int tq = u8(p + 2);
            if (h < 1 || h > 4 || v < 1 || v > 4 || tq > 3) {
                throw new CodecException("JPEG: component " + id + " in frame at offset " + markerOffset
                        + " has sampling " + h + "x" + v + " and quantization table " + tq);
            }
            for (JpegFrame.Component other : components) {
                if (other.id() == id) {
                    throw new CodecException(
                            "JPEG: component id " + id + " appears twice in frame at offset " + markerOffset);
                }
            }
            components.add(new JpegFrame.Component(id, h, v, tq));
        }
        JpegFrame f = new JpegFrame(marker, precision, rows, columns, List.copyOf(components));
        allocate(f, markerOffset);
        frame = f;
        scanned = new boolean[count];
        return end;
    }

    /**
     * Allocates the output only if the input could possibly hold that many samples: a lossless sample costs at
     * least one bit and a DCT block at least two (a DC and an EOB code), so a corrupt header cannot make us
     * allocate far beyond the input's size.
     */
    private void allocate(JpegFrame f, int markerOffset) throws CodecException {
        long sampleCount = (long) f.rows() * f.columns() * f.components().size();
        String size = f.columns() + "x" + f.rows() + "x" + f.components().size();
        if (f.lossless()) {
            if (f.components().size() > 1 && (f.maxH() > 1 || f.maxV() > 1)) {
                throw new CodecException("JPEG: lossless frame at offset " + markerOffset
                        + " subsamples a component, which is not supported");
            }
            if (sampleCount > 8L * data.length) {
                throw new CodecException("JPEG: lossless frame of " + size + " samples declared at offset "
                        + markerOffset + " cannot be coded in " + data.length + " bytes");
            }
            samples = new int[(int) sampleCount];
            return;
        }
        long blocks = 0;
        int mcusX = (f.columns() + 8 * f.maxH() - 1) / (8 * f.maxH());
        int mcusY = (f.rows() + 8 * f.maxV() - 1) / (8 * f.maxV());
        for (JpegFrame.Component c : f.components()) {
            blocks += (long) mcusX * c.h() * mcusY * c.v();
        }
        if (blocks > 4L * data.length) {
            throw new CodecException("JPEG: DCT frame of " + size + " samples declared at offset " + markerOffset
                    + " cannot be coded in " + data.length + " bytes");
        }
        planes = new ComponentPlane[f.components().size()];
        for (int i = 0; i < planes.length; i++) {
            JpegFrame.Component c = f.components().get(i);
            if (!ChromaUpsampler.supported(f, c)) {
                throw new CodecException("JPEG: component " + c.id() + " sampled " + c.h() + "x" + c.v()
                        + " is not an integral fraction of " + f.maxH() + "x" + f.maxV() + " (frame at offset "
                        + markerOffset + ")");
            }
            planes[i] = ComponentPlane.forComponent(f, c);
        }
        idct = new IslowIdct(f.precision());
    }

    private int readHuffmanTables(int pos, int markerOffset) throws CodecException {
        int end = segmentEnd(pos, markerOffset, "DHT segment");
        int p = pos + 2;
        while (p < end) {
            int tc = u8(p) >> 4;
            int th = u8(p) & 15;
            if (tc > 1 || th > 3) {
                throw new CodecException(String.format(
                        "JPEG: DHT segment at offset %d defines table class %d, id %d (allowed: class 0-1, id 0-3)",
                        markerOffset, tc, th));
            }
            String name = (tc == 0 ? "DC" : "AC") + " table " + th + " (DHT at offset " + markerOffset + ")";
            if (p + 17 > end) {
                throw new CodecException("JPEG: Huffman " + name + " is cut off in its code counts");
            }
            int[] counts = new int[17];
            int total = 0;
            for (int i = 1; i <= 16; i++) {
                counts[i] = u8(p + i);
                total += counts[i];
            }
            p += 17;
            if (total > 256 || p + total > end) {
                throw new CodecException("JPEG: Huffman " + name + " declares " + total + " symbols but the segment "
                        + "holds " + (end - p));
            }
            int[] symbols = new int[total];
            for (int i = 0; i < total; i++) {
                symbols[i] = u8(p + i);
            }
            p += total;
            HuffmanDecoder table = new HuffmanDecoder(counts, symbols, name);
            (tc == 0 ? dcTables : acTables)[th] = table;
        }
        return end;
    }

    private int readQuantizationTables(int pos, int markerOffset) throws CodecException {
        int end = segmentEnd(pos, markerOffset, "DQT segment");
        int p = pos + 2;
        while (p < end) {
            int pq = u8(p) >> 4;
            int tq = u8(p) & 15;
            if (pq > 1 || tq > 3) {
                throw new CodecException(String.format(
                        "JPEG: DQT segment at offset %d defines precision %d, id %d (allowed: 0-1, 0-3)",
                        markerOffset, pq, tq));
            }
            p++;
            int size = 64 << pq;
            if (p + size > end) {
                throw new CodecException(
                        "JPEG: quantization table " + tq + " in DQT at offset " + markerOffset + " is cut off");
            }
            int[] table = new int[64];
            for (int i = 0; i < 64; i++) {
                table[DctScanDecoder.NATURAL_ORDER[i]] = pq == 0 ? u8(p + i) : u16(p + 2 * i);
            }
            quantTables[tq] = table;
            p += size;
        }
        return end;
    }

    private int readRestartInterval(int pos, int markerOffset) throws CodecException {
        int end = segmentEnd(pos, markerOffset, "DRI segment");
        if (end - pos != 4) {
            throw new CodecException(
                    "JPEG: DRI segment at offset " + markerOffset + " has length " + (end - pos) + ", expected 4");
        }
        restartInterval = u16(pos + 2);
        return end;
    }

    private int readScan(int pos, int markerOffset) throws CodecException {
        int end = segmentEnd(pos, markerOffset, "SOS segment");
        if (frame == null) {
            throw new CodecException("JPEG: scan at offset " + markerOffset + " comes before any frame header (SOF)");
        }
        int count = end - pos >= 3 ? u8(pos + 2) : 0;
        if (count < 1 || count > 4 || end - pos != 6 + 2 * count) {
            throw new CodecException("JPEG: SOS segment at offset " + markerOffset + " has length " + (end - pos)
                    + " for " + count + " components");
        }
        int p = pos + 3 + 2 * count;
        int ss = u8(p);
        int se = u8(p + 1);
        int ah = u8(p + 2) >> 4;
        int al = u8(p + 2) & 15;
        List<JpegScan.Component> components = new ArrayList<>();
        int[][] quant = new int[count][];
        int blocksPerMcu = 0;
        for (int k = 0; k < count; k++) {
            int id = u8(pos + 3 + 2 * k);
            int td = u8(pos + 4 + 2 * k) >> 4;
            int ta = u8(pos + 4 + 2 * k) & 15;
            int index = frame.indexOf(id);
            if (index < 0) {
                throw new CodecException("JPEG: scan at offset " + markerOffset + " refers to component " + id
                        + ", which the frame does not define");
            }
            if (scanned[index]) {
                throw new CodecException("JPEG: component " + id + " appears in a second scan at offset " + markerOffset
                        + " (progressive or repeated scans are not supported)");
            }
            scanned[index] = true;
            JpegFrame.Component fc = frame.components().get(index);
            blocksPerMcu += fc.h() * fc.v();
            HuffmanDecoder dc = huffmanTable(dcTables, td, frame.lossless() ? "" : "DC ", id, markerOffset);
            int largestCategory = frame.lossless() ? 16 : 15;
            if (dc.largestSymbol > largestCategory) {
                throw new CodecException("JPEG: Huffman table " + td + " used by component " + id + " in the scan at "
                        + "offset " + markerOffset + " codes category " + dc.largestSymbol + " (at most "
                        + largestCategory + " allowed)");
            }
            HuffmanDecoder ac = null;
            if (!frame.lossless()) {
                ac = huffmanTable(acTables, ta, "AC ", id, markerOffset);
                if (quantTables[fc.quantTable()] == null) {
                    throw new CodecException("JPEG: quantization table " + fc.quantTable() + " used by component " + id
                            + " was never defined (scan at offset " + markerOffset + ")");
                }
                quant[k] = quantTables[fc.quantTable()];
            }
            components.add(new JpegScan.Component(index, dc, ac));
        }
        JpegScan scan = new JpegScan(List.copyOf(components), ss, se, ah, al, restartInterval, markerOffset);
        EntropyReader in = new EntropyReader(data, end);
        if (frame.lossless()) {
            if (ss < 1 || ss > 7) {
                throw new CodecException("JPEG: lossless scan at offset " + markerOffset + " selects predictor " + ss
                        + " (1-7 allowed; 0 is for hierarchical mode only)");
            }
            if (al >= frame.precision()) {
                throw new CodecException("JPEG: lossless scan at offset " + markerOffset + " has point transform " + al
                        + ", not below the precision " + frame.precision());
            }
            LosslessScanDecoder.decode(frame, scan, in, samples);
        } else {
            if (ss != 0 || se != 63 || ah != 0 || al != 0) {
                throw new CodecException(String.format(
                        "JPEG: sequential DCT scan at offset %d has Ss=%d Se=%d Ah=%d "
                                + "Al=%d; only a full-spectrum single pass (0, 63, 0, 0) is valid",
                        markerOffset, ss, se, ah, al));
            }
            if (count > 1 && blocksPerMcu > 10) {
                throw new CodecException("JPEG: interleaved scan at offset " + markerOffset + " has " + blocksPerMcu
                        + " blocks per MCU (at most 10 allowed)");
            }
            DctScanDecoder.decode(frame, scan, in, planes, quant, idct);
        }
        return nextMarkerAfterScan(in.position());
    }

    private HuffmanDecoder huffmanTable(HuffmanDecoder[] tables, int id, String kind, int componentId, int markerOffset)
            throws CodecException {
        if (id > 3 || tables[id] == null) {
            throw new CodecException("JPEG: Huffman " + kind + "table " + id + " referenced by component " + componentId
                    + " in the scan at offset " + markerOffset + " was never defined");
        }
        return tables[id];
    }

    /** Skips bytes an encoder may leave between the end of the entropy-coded data and the next marker. */
    private int nextMarkerAfterScan(int pos) {
        int p = pos;
        while (p + 1 < data.length && !(data[p] == (byte) 0xFF && data[p + 1] != 0 && data[p + 1] != (byte) 0xFF)) {
            p++;
        }
        return p + 1 < data.length ? p : data.length;
    }

    private DecodedFrame finish(String where) throws CodecException {
        if (frame == null) {
            throw new CodecException("JPEG: no frame header (SOF) before " + where);
        }
        for (int i = 0; i < scanned.length; i++) {
            if (!scanned[i]) {
                throw new CodecException(
                        "JPEG: component " + frame.components().get(i).id() + " was in no scan before " + where);
            }
        }
        int n = frame.components().size();
        if (frame.lossless()) {
            return new DecodedFrame(frame.rows(), frame.columns(), n, frame.precision(), samples);
        }
        int[] out = new int[frame.rows() * frame.columns() * n];
        for (int ci = 0; ci < n; ci++) {
            ChromaUpsampler.interleave(frame, frame.components().get(ci), planes[ci], out, ci);
        }
        return new DecodedFrame(frame.rows(), frame.columns(), n, frame.precision(), out);
    }
}
