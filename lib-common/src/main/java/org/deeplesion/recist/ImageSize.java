package org.deeplesion.recist;

/** An image's pixel matrix, as in Rows (0028,0010) and Columns (0028,0011). */
public record ImageSize(int rows, int columns) {

    public ImageSize {
        if (rows <= 0 || columns <= 0) {
            throw new IllegalArgumentException(
                    "image size must be positive, was " + rows + " rows x " + columns + " columns");
        }
    }
}
