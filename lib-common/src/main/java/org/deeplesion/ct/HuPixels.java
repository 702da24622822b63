package org.deeplesion.ct;

/** The lake's pixel encoding: int16 HU, little endian, row-major; written once by ingest, read by every stage. */
public final class HuPixels {

    private HuPixels() {}

    public static byte[] toBytes(short[] hu) {
        byte[] out = new byte[hu.length * 2];
        for (int i = 0, j = 0; i < hu.length; i++, j += 2) {
            out[j] = (byte) hu[i];
            out[j + 1] = (byte) (hu[i] >> 8);
        }
        return out;
    }

    /**
     * @throws IllegalArgumentException when the byte count does not match rows x columns int16 values
     */
    public static short[] fromBytes(byte[] bytes, int rows, int columns) {
        if (bytes.length != 2L * rows * columns) {
            throw new IllegalArgumentException("HU pixels hold " + bytes.length + " bytes, expected "
                    + (2L * rows * columns) + " for " + columns + "x" + rows);
        }
        short[] hu = new short[rows * columns];
        for (int i = 0, j = 0; i < hu.length; i++, j += 2) {
            hu[i] = (short) ((bytes[j] & 0xFF) | (bytes[j + 1] << 8));
        }
        return hu;
    }
}
