package org.deeplesion.recist;

import static java.util.Objects.requireNonNull;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Patient-level train/validation/test assignment, as DeepLesion splits: every lesion of a patient lands in the same
 * split, so no patient's anatomy is seen in training and again in testing.
 *
 * <p>The split is a function of the seed and the patient key only, not of which other patients are present, so a
 * refresh that adds studies never moves a patient already assigned. The key is whatever identifies a patient in the
 * lake (the keyed pseudonym); a new pseudonymisation secret therefore gives new splits.
 */
public final class Splits {

    private static final double SUM_TOLERANCE = 1e-9;

    private Splits() {}

    /**
     * Hashes seed and key to a number in [0, 1): below {@code trainFraction} is TRAIN, below {@code trainFraction +
     * validationFraction} VALIDATION, the rest TEST.
     *
     * @throws IllegalArgumentException for a fraction that is negative or not finite, or fractions adding up to
     *     more than 1
     */
    public static Split assign(String patientKey, long seed, double trainFraction, double validationFraction) {
        requireNonNull(patientKey, "patientKey");
        checkFractions(trainFraction, validationFraction);
        double u = unitHash(patientKey, seed);
        if (u < trainFraction) {
            return Split.TRAIN;
        }
        return u < trainFraction + validationFraction ? Split.VALIDATION : Split.TEST;
    }

    private static void checkFractions(double train, double validation) {
        if (!(train >= 0) || !(validation >= 0) || Double.isInfinite(train) || Double.isInfinite(validation)) {
            throw new IllegalArgumentException(
                    "split fractions must be finite numbers >= 0, were train=" + train + ", validation=" + validation);
        }
        if (train + validation > 1 + SUM_TOLERANCE) {
            throw new IllegalArgumentException("train and validation fractions must add up to at most 1 (the rest "
                    + "is test), were train=" + train + ", validation=" + validation);
        }
    }

    private static double unitHash(String key, long seed) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides SHA-256", e);
        }
        sha.update(ByteBuffer.allocate(Long.BYTES).putLong(seed).array());
        byte[] digest = sha.digest(key.getBytes(StandardCharsets.UTF_8));
        // 53 bits fill a double's mantissa exactly, so every value is equally likely.
        return (ByteBuffer.wrap(digest).getLong() >>> 11) * 0x1.0p-53;
    }
}
