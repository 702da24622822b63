package org.deeplesion.jobs.experiment;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** One arm of the pseudo-label ablation: what the detector's classes are and where they reach. */
public enum Arm {
    /** One "lesion" class: the baseline. */
    SINGLE("single", "one class"),
    /** The clusters of a categorisation with k chosen by silhouette. */
    PSEUDO("pseudo", "pseudo labels, k by silhouette"),
    /** The clusters of a categorisation with k = the number of true types. */
    PSEUDO_TRUE_K("pseudo-k", "pseudo labels, k = true types"),
    /** Pseudo labels (k by silhouette) that the proposal network also learns, as an auxiliary target. */
    PSEUDO_AWARE("pseudo-aware", "pseudo labels, class-aware proposals"),
    /** The cohort's true lesion types: what pseudo labels could reach at best. */
    TRUTH("truth", "true types (upper bound)");

    private final String id;
    private final String description;

    Arm(String id, String description) {
        this.id = id;
        this.description = description;
    }

    /** The name {@code --arms} takes and reports use. */
    public String id() {
        return id;
    }

    public String description() {
        return description;
    }

    /** Whether the arm's classes come from a categorisation run. */
    boolean pseudoLabels() {
        return this == PSEUDO || this == PSEUDO_TRUE_K || this == PSEUDO_AWARE;
    }

    /** The arm {@code --arms} names, in any case. */
    public static Arm of(String id) {
        String wanted = id.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(a -> a.id.equals(wanted))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("--arms: no arm '" + id + "'; the arms are "
                        + Arrays.stream(values()).map(Arm::id).collect(Collectors.joining(", "))));
    }
}
