package org.deeplesion.jobs.mine;

import static java.util.Objects.requireNonNull;

import java.util.Set;

/**
 * @param deepLesionCsv URI of a DL_info.csv, or null
 * @param measurementsCsv URI of a plain measurement export (see MeasurementCsv), or null
 * @param seed seeds the per-patient split assignment
 * @param secret the pseudonymisation key, needed only when the lake's UIDs were replaced at ingest; may be null
 * @param presentationStates the sources of the presentation states to read, or null for all of them: a refresh
 *     reads only those that are new or whose images are
 */
public record MineOptions(
        String lakeRoot,
        String deepLesionCsv,
        String measurementsCsv,
        long seed,
        double trainFraction,
        double validationFraction,
        byte[] secret,
        Set<String> presentationStates) {

    /** Mines every presentation state in the lake. */
    public MineOptions(
            String lakeRoot,
            String deepLesionCsv,
            String measurementsCsv,
            long seed,
            double trainFraction,
            double validationFraction,
            byte[] secret) {
        this(lakeRoot, deepLesionCsv, measurementsCsv, seed, trainFraction, validationFraction, secret, null);
    }

    /** The same options, reading only the given presentation states. */
    public MineOptions onlyPresentationStates(Set<String> sources) {
        return new MineOptions(
                lakeRoot,
                deepLesionCsv,
                measurementsCsv,
                seed,
                trainFraction,
                validationFraction,
                secret,
                requireNonNull(sources, "sources"));
    }

    public MineOptions {
        requireNonNull(lakeRoot, "lakeRoot");
        presentationStates = presentationStates == null ? null : Set.copyOf(presentationStates);
        if (trainFraction < 0 || validationFraction < 0 || trainFraction + validationFraction > 1 + 1e-9) {
            throw new IllegalArgumentException("split fractions must be >= 0 and sum to at most 1, were train "
                    + trainFraction + ", validation " + validationFraction);
        }
    }
}
