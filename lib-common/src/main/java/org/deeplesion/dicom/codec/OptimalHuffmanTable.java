package org.deeplesion.dicom.codec;

import java.util.Arrays;

/**
 * A Huffman table built from symbol frequencies by T.81 Annex K.2 (the procedure IJG uses for optimized tables):
 * code lengths from repeated merging of the two rarest symbols, limited to 16 bits by K.3, with one code point held
 * back so that no code consists of 1-bits only.
 *
 * @param counts  number of codes of each length 1..16 (index 0 unused), the BITS list of a DHT segment
 * @param symbols symbols in order of increasing code length, the HUFFVAL list
 */
record OptimalHuffmanTable(int[] counts, int[] symbols) {

    /** @param frequencies occurrences of each symbol 0..255 */
    static OptimalHuffmanTable fromFrequencies(long[] frequencies) {
        long[] freq = new long[257];
        System.arraycopy(frequencies, 0, freq, 0, frequencies.length);
        freq[256] = 1; // the reserved code point
        int[] codeSize = new int[257];
        int[] others = new int[257];
        Arrays.fill(others, -1);
        while (true) {
            int v1 = rarest(freq, -1);
            int v2 = rarest(freq, v1);
            if (v2 < 0) {
                break;
            }
            freq[v1] += freq[v2];
            freq[v2] = 0;
            codeSize[v1]++;
            while (others[v1] >= 0) {
                v1 = others[v1];
                codeSize[v1]++;
            }
            others[v1] = v2;
            codeSize[v2]++;
            while (others[v2] >= 0) {
                v2 = others[v2];
                codeSize[v2]++;
            }
        }
        int[] bits = new int[33];
        for (int size : codeSize) {
            if (size > 0) {
                bits[size]++;
            }
        }
        // K.3: move codes longer than 16 bits up the tree, two at a time.
        for (int i = 32; i > 16; i--) {
            while (bits[i] > 0) {
                int j = i - 2;
                while (bits[j] == 0) {
                    j--;
                }
                bits[i] -= 2;
                bits[i - 1]++;
                bits[j + 1] += 2;
                bits[j]--;
            }
        }
        int longest = 16;
        while (bits[longest] == 0) {
            longest--;
        }
        bits[longest]--; // drop the reserved code point, which has the longest code
        int[] counts = new int[17];
        System.arraycopy(bits, 1, counts, 1, 16);
        int total = 0;
        for (int i = 1; i <= 16; i++) {
            total += counts[i];
        }
        int[] symbols = new int[total];
        int n = 0;
        for (int size = 1; size <= 32; size++) {
            for (int symbol = 0; symbol < 256; symbol++) {
                if (codeSize[symbol] == size) {
                    symbols[n++] = symbol;
                }
            }
        }
        return new OptimalHuffmanTable(counts, symbols);
    }

    /** The symbol with the smallest non-zero frequency other than {@code except}; ties go to the larger symbol. */
    private static int rarest(long[] freq, int except) {
        int best = -1;
        for (int v = 0; v < freq.length; v++) {
            if (v != except && freq[v] > 0 && (best < 0 || freq[v] <= freq[best])) {
                best = v;
            }
        }
        return best;
    }

    /** Canonical codes (T.81 Annex C) of each symbol: (length << 16) | code, 0 for symbols without a code. */
    int[] codes() {
        int[] codes = new int[256];
        int code = 0;
        int n = 0;
        for (int length = 1; length <= 16; length++) {
            for (int i = 0; i < counts[length]; i++) {
                codes[symbols[n++]] = (length << 16) | code++;
            }
            code <<= 1;
        }
        return codes;
    }
}
