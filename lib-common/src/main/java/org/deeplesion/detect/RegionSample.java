package org.deeplesion.detect;

import static java.util.Objects.requireNonNull;

/**
 * One training example of the region classifier: a region's pixels, its label (0 background, 1.. the classes) and,
 * for a lesion, how its box must move to fit the lesion.
 *
 * <p>A {@linkplain #refinementOnly refinement-only} example ({@link #REFINEMENT_ONLY} as its label) teaches only the
 * refinement: a box near a lesion but too far off to count as one, which the classifier should neither learn to call
 * a lesion nor background.
 *
 * @param label a class, 0 for background, or {@link #REFINEMENT_ONLY}
 * @param refinement null for background
 */
public record RegionSample(float[] pixels, int label, BoxDelta refinement) {

    /** The label of an example that trains the refinement and not the classes. */
    public static final int REFINEMENT_ONLY = -1;

    public RegionSample {
        requireNonNull(pixels, "pixels");
        if (label < REFINEMENT_ONLY) {
            throw new IllegalArgumentException("region label must be >= 0, or " + REFINEMENT_ONLY
                    + " for a refinement-only example, was " + label);
        }
        if ((label == 0) != (refinement == null)) {
            throw new IllegalArgumentException(
                    "a lesion region needs a refinement and background has none (label " + label + ")");
        }
    }

    /** An example that trains the refinement towards a lesion and leaves the class loss out. */
    public static RegionSample refinementOnly(float[] pixels, BoxDelta refinement) {
        return new RegionSample(pixels, REFINEMENT_ONLY, requireNonNull(refinement, "refinement"));
    }

    /** Whether the class loss sees this example. */
    public boolean classified() {
        return label != REFINEMENT_ONLY;
    }
}
