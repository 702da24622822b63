package org.deeplesion.ct;

import static java.util.Objects.requireNonNull;

/**
 * One slice of a series, placed along the slice normal.
 *
 * @param positionMm {@link SliceHeader#normalPosition()}
 * @param hu the pixels, row by row, held without copying
 */
public record SeriesSlice(double positionMm, short[] hu) {

    public SeriesSlice {
        if (!Double.isFinite(positionMm)) {
            throw new IllegalArgumentException("slice position must be finite, was " + positionMm);
        }
        requireNonNull(hu, "hu");
    }
}
