package org.deeplesion.detect;

import static java.util.Objects.requireNonNull;

/**
 * One training example of the region classifier: a region's pixels, its label (0 background, 1.. the classes) and,
 * for a lesion, how its box must move to fit the lesion.
 *
 * @param refinement null for background
 */
public record RegionSample(float[] pixels, int label, BoxDelta refinement) {

    public RegionSample {
        requireNonNull(pixels, "pixels");
        if (label < 0) {
            throw new IllegalArgumentException("region label must be >= 0, was " + label);
        }
        if ((label == 0) != (refinement == null)) {
            throw new IllegalArgumentException("a lesion region needs a refinement and background has none (label "
                    + label + ")");
        }
    }
}
