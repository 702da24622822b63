package org.deeplesion.dicom.codec;

import java.util.Arrays;
import java.util.List;

/** Decodes one sequential DCT Huffman scan (T.81 Annex F, baseline and extended) into component planes. */
final class DctScanDecoder {
    /** Zig-zag index to natural index, with 16 extra entries so a corrupt run length can't index past the block. */
    static final int[] NATURAL_ORDER = {
        0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5,
        12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21, 28,
        35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51,
        58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63,
        63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63
    };

    private final JpegFrame frame;
    private final JpegScan scan;
    private final EntropyReader in;
    private final ComponentPlane[] planes;
    private final int[][] quant;
    private final IslowIdct idct;
    private final short[] block = new short[64];
    private final int[] dcPrediction;

    private DctScanDecoder(
            JpegFrame frame, JpegScan scan, EntropyReader in, ComponentPlane[] planes, int[][] quant, IslowIdct idct) {
        this.frame = frame;
        this.scan = scan;
        this.in = in;
        this.planes = planes;
        this.quant = quant;
        this.idct = idct;
        this.dcPrediction = new int[scan.components().size()];
    }

    /**
     * @param planes all planes of the frame, indexed like the frame's components
     * @param quant  the natural-order quantization table of each scan component, latched at the start of the scan
     */
    static void decode(
            JpegFrame frame, JpegScan scan, EntropyReader in, ComponentPlane[] planes, int[][] quant, IslowIdct idct)
            throws CodecException {
        new DctScanDecoder(frame, scan, in, planes, quant, idct).decodeAll();
    }

    private void decodeAll() throws CodecException {
        List<JpegScan.Component> components = scan.components();
        int restartInterval = scan.restartInterval();
        int mcusToGo = restartInterval;
        int nextRestart = 0;
        if (components.size() == 1) {
            // Non-interleaved: an MCU is one block, and only blocks holding real samples are coded (A.2.2).
            ComponentPlane plane = planes[components.get(0).frameIndex()];
            int blocksX = (plane.width() + 7) / 8;
            int blocksY = (plane.height() + 7) / 8;
            for (int by = 0; by < blocksY; by++) {
                for (int bx = 0; bx < blocksX; bx++) {
                    if (restartInterval > 0) {
                        if (mcusToGo == 0) {
                            restart(nextRestart, by);
                            nextRestart = (nextRestart + 1) & 7;
                            mcusToGo = restartInterval;
                        }
                        mcusToGo--;
                    }
                    decodeBlock(0, by);
                    idct.transform(block, quant[0], plane.samples(), by * 8 * plane.stride() + bx * 8, plane.stride());
                }
                if (in.overrun()) {
                    throw in.overrunError(where(by));
                }
            }
            return;
        }
        int maxH = frame.maxH();
        int maxV = frame.maxV();
        int mcusX = (frame.columns() + 8 * maxH - 1) / (8 * maxH);
        int mcusY = (frame.rows() + 8 * maxV - 1) / (8 * maxV);
        for (int my = 0; my < mcusY; my++) {
            for (int mx = 0; mx < mcusX; mx++) {
                if (restartInterval > 0) {
                    if (mcusToGo == 0) {
                        restart(nextRestart, my);
                        nextRestart = (nextRestart + 1) & 7;
                        mcusToGo = restartInterval;
                    }
                    mcusToGo--;
                }
                for (int k = 0; k < components.size(); k++) {
                    int ci = components.get(k).frameIndex();
                    JpegFrame.Component c = frame.components().get(ci);
                    ComponentPlane plane = planes[ci];
                    for (int v = 0; v < c.v(); v++) {
                        for (int h = 0; h < c.h(); h++) {
                            decodeBlock(k, my);
                            int row = (my * c.v() + v) * 8;
                            int col = (mx * c.h() + h) * 8;
                            idct.transform(
                                    block, quant[k], plane.samples(), row * plane.stride() + col, plane.stride());
                        }
                    }
                }
            }
            if (in.overrun()) {
                throw in.overrunError(where(my));
            }
        }
    }

    private void restart(int expected, int mcuRow) throws CodecException {
        in.restart(expected, where(mcuRow));
        Arrays.fill(dcPrediction, 0);
    }

    /** Decodes the coefficients of one block of scan component k into {@link #block} (F.2.2.1, F.2.2.2). */
    private void decodeBlock(int k, int mcuRow) throws CodecException {
        short[] b = block;
        Arrays.fill(b, (short) 0);
        JpegScan.Component component = scan.components().get(k);
        in.fill();
        int s = in.decode(component.dc());
        if (s < 0) {
            throw in.invalidCode("a DC coefficient in " + where(mcuRow));
        }
        int diff = s == 0 ? 0 : extend(in.take(s), s);
        dcPrediction[k] += diff;
        b[0] = (short) dcPrediction[k];
        HuffmanDecoder ac = component.ac();
        for (int i = 1; i < 64; i++) {
            in.fill();
            int rs = in.decode(ac);
            if (rs < 0) {
                throw in.invalidCode("an AC coefficient in " + where(mcuRow));
            }
            int run = rs >> 4;
            s = rs & 15;
            if (s != 0) {
                i += run;
                b[NATURAL_ORDER[i]] = (short) extend(in.take(s), s);
            } else if (run == 15) {
                i += 15;
            } else {
                break;
            }
        }
    }

    private static int extend(int v, int s) {
        return v < (1 << (s - 1)) ? v - (1 << s) + 1 : v;
    }

    private String where(int mcuRow) {
        return "MCU row " + mcuRow + " of the DCT scan at offset " + scan.offset();
    }
}
