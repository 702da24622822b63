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
 * <p>A {@linkplain #part part} example ({@link #PART} as its label) is a section of a lesion measured on another
 * slice: its class target is a lesion with probability {@code partProbability} (spread evenly over the classes, since
 * nobody gave it one) and background otherwise, so that the classifier ranks such sections between the lesions of
 * their own key slice and background.
 *
 * @param label a class, 0 for background, {@link #REFINEMENT_ONLY} or {@link #PART}
 * @param refinement null for background
 * @param partProbability a part's lesion probability, in (0, 1); 0 for every other example
 */
public record RegionSample(float[] pixels, int label, BoxDelta refinement, double partProbability) {

    /** The label of an example that trains the refinement and not the classes. */
    public static final int REFINEMENT_ONLY = -1;

    /** The label of a section of a lesion measured elsewhere, a lesion with {@link #partProbability}. */
    public static final int PART = -2;

    public RegionSample {
        requireNonNull(pixels, "pixels");
        if (label < PART) {
            throw new IllegalArgumentException("region label must be >= 0, " + REFINEMENT_ONLY
                    + " for a refinement-only example or " + PART + " for a part, was " + label);
        }
        if ((label == 0) != (refinement == null)) {
            throw new IllegalArgumentException(
                    "a lesion region needs a refinement and background has none (label " + label + ")");
        }
        if (label == PART ? !(partProbability > 0 && partProbability < 1) : partProbability != 0) {
            throw new IllegalArgumentException("a part's lesion probability must be in (0, 1), and every other "
                    + "example's 0; was " + partProbability + " (label " + label + ")");
        }
    }

    /** A background region, or a lesion of class {@code label} (1-based) with its refinement. */
    public RegionSample(float[] pixels, int label, BoxDelta refinement) {
        this(pixels, label, refinement, 0);
    }

    /** An example that trains the refinement towards a lesion and leaves the class loss out. */
    public static RegionSample refinementOnly(float[] pixels, BoxDelta refinement) {
        return new RegionSample(pixels, REFINEMENT_ONLY, requireNonNull(refinement, "refinement"));
    }

    /** A section of a lesion measured on another slice: a lesion with {@code probability}, refined towards it. */
    public static RegionSample part(float[] pixels, BoxDelta refinement, double probability) {
        return new RegionSample(pixels, PART, requireNonNull(refinement, "refinement"), probability);
    }

    /** Whether the class loss sees this example. */
    public boolean classified() {
        return label != REFINEMENT_ONLY;
    }
}
