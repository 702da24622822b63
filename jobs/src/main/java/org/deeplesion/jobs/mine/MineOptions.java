package org.deeplesion.jobs.mine;

import static java.util.Objects.requireNonNull;

/**
 * @param deepLesionCsv URI of a DL_info.csv, or null
 * @param measurementsCsv URI of a plain measurement export (see MeasurementCsv), or null
 * @param seed seeds the per-patient split assignment
 * @param secret the pseudonymisation key, needed only when the lake's UIDs were replaced at ingest; may be null
 */
public record MineOptions(String lakeRoot, String deepLesionCsv, String measurementsCsv, long seed,
        double trainFraction, double validationFraction, byte[] secret) {

    public MineOptions {
        requireNonNull(lakeRoot, "lakeRoot");
        if (trainFraction < 0 || validationFraction < 0 || trainFraction + validationFraction > 1 + 1e-9) {
            throw new IllegalArgumentException("split fractions must be >= 0 and sum to at most 1, were train "
                    + trainFraction + ", validation " + validationFraction);
        }
    }
}
