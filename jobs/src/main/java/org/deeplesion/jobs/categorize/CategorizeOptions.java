package org.deeplesion.jobs.categorize;

import static java.util.Objects.requireNonNull;

import org.deeplesion.embed.CropGeometry;

/**
 * What a categorisation run does.
 *
 * @param k the number of clusters, or null to choose it over {@code kMin..kMax} by silhouette
 * @param rounds the most embedding-clustering rounds, the first included
 * @param stopNmi refinement stops once consecutive rounds' assignments agree at least this much
 * @param epochs training epochs per refinement round
 * @param initModel URI of a DL4J model to start from, or null for random initialisation
 * @param truth URI of a synthetic cohort's truth.json whose lesion types the report compares against, or null
 */
public record CategorizeOptions(
        String lake,
        Integer k,
        int kMin,
        int kMax,
        int rounds,
        double stopNmi,
        int epochs,
        int embeddingSize,
        long seed,
        String initModel,
        String truth,
        CropGeometry geometry) {

    public CategorizeOptions {
        requireNonNull(lake, "lake");
        requireNonNull(geometry, "geometry");
        if (k != null && k < 2) {
            throw new IllegalArgumentException("--k must be >= 2, was " + k);
        }
        if (k == null && (kMin < 2 || kMax < kMin)) {
            throw new IllegalArgumentException("--k-range must be A..B with 2 <= A <= B, was " + kMin + ".." + kMax);
        }
        if (rounds < 1) {
            throw new IllegalArgumentException("--rounds must be >= 1, was " + rounds);
        }
        if (!(stopNmi > 0 && stopNmi <= 1)) {
            throw new IllegalArgumentException("--stop-nmi must be in (0, 1], was " + stopNmi);
        }
        if (epochs < 1) {
            throw new IllegalArgumentException("--epochs must be >= 1, was " + epochs);
        }
    }

    /** The largest k the run may try: fewer lesions than this cannot be clustered. */
    public int largestK() {
        return k != null ? k : kMax;
    }
}
