package org.deeplesion.release;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;

/**
 * One slice in Hounsfield units, row by row. Holds the array it is given without copying, because slices are large
 * and passed along once; equality compares the pixels.
 */
public record HuImage(int rows, int columns, short[] hu) {

    public HuImage {
        requireNonNull(hu, "hu");
        if (rows <= 0 || columns <= 0) {
            throw new IllegalArgumentException("image size must be positive, was " + rows + " x " + columns);
        }
        if (hu.length != rows * columns) {
            throw new IllegalArgumentException(
                    rows + " x " + columns + " image needs " + rows * columns + " pixels, got " + hu.length);
        }
    }

    /** The value at column x, row y. */
    public short at(int x, int y) {
        return hu[y * columns + x];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HuImage other
                && rows == other.rows
                && columns == other.columns
                && Arrays.equals(hu, other.hu);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * rows + columns) + Arrays.hashCode(hu);
    }

    @Override
    public String toString() {
        return "HuImage[" + rows + " x " + columns + "]";
    }
}
