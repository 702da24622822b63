package org.deeplesion.dicom.codec;

/**
 * One Huffman table from a DHT segment, prepared for decoding (T.81 F.2.2.3). Codes up to {@link #LOOKAHEAD} bits
 * long resolve with a single table probe; longer ones fall back to the canonical max-code search.
 */
final class HuffmanDecoder {
    static final int LOOKAHEAD = 10;

    /** Indexed by the next LOOKAHEAD bits: (code length << 8) | symbol, or 0 when the code is longer. */
    final int[] lookup = new int[1 << LOOKAHEAD];
    /** Largest code of each length 1..16, -1 where there is none. */
    private final int[] maxCode = new int[17];
    /** Added to a code of a given length to find its index in {@link #symbols}. */
    private final int[] valueOffset = new int[17];

    private final int[] symbols;
    final int largestSymbol;

    /**
     * @param counts  number of codes of each length 1..16 (index 0 unused)
     * @param symbols the symbols in code order
     * @param name    names the table in error messages, e.g. "DC table 1 (offset 20)"
     */
    HuffmanDecoder(int[] counts, int[] symbols, String name) throws CodecException {
        this.symbols = symbols;
        int code = 0;
        int index = 0;
        int largest = 0;
        for (int length = 1; length <= 16; length++) {
            int n = counts[length];
            valueOffset[length] = index - code;
            if (n == 0) {
                maxCode[length] = -1;
            } else {
                // A table claiming more codes of a length than remain unassigned can't be prefix-free.
                if (code + n > (1 << length)) {
                    throw new CodecException("JPEG: Huffman " + name + " defines more codes of length " + length
                            + " than the code space holds");
                }
                for (int i = 0; i < n; i++, index++, code++) {
                    int symbol = symbols[index];
                    largest = Math.max(largest, symbol);
                    if (length <= LOOKAHEAD) {
                        int shift = LOOKAHEAD - length;
                        int entry = (length << 8) | symbol;
                        for (int fill = code << shift, stop = (code + 1) << shift; fill < stop; fill++) {
                            lookup[fill] = entry;
                        }
                    }
                }
                maxCode[length] = code - 1;
            }
            code <<= 1;
        }
        largestSymbol = largest;
    }

    /**
     * Resolves a code longer than LOOKAHEAD bits.
     *
     * @param next16 the next 16 bits of the entropy-coded data, most significant first
     * @return (code length << 8) | symbol, or 0 if no code of this table starts these bits
     */
    int decodeLong(int next16) {
        for (int length = LOOKAHEAD + 1; length <= 16; length++) {
            int code = next16 >>> (16 - length);
            if (code <= maxCode[length]) {
                return (length << 8) | symbols[valueOffset[length] + code];
            }
        }
        return 0;
    }
}
