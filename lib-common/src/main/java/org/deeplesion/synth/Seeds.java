package org.deeplesion.synth;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * Derives every random stream and UID of a cohort from the spec's seed and a path of names, so that each patient,
 * study and slice is reproducible on its own, in any order, without sharing generator state.
 */
final class Seeds {

    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private Seeds() {}

    /** A generator for one purpose, e.g. {@code random(seed, "noise", patient, study, slice)}. */
    static SplittableRandom random(long seed, String purpose, int... path) {
        long h = mix(seed ^ GOLDEN);
        for (int i = 0; i < purpose.length(); i++) {
            h = mix(h + purpose.charAt(i) * GOLDEN);
        }
        for (int p : path) {
            h = mix(h + (p + 1L) * GOLDEN);
        }
        return new SplittableRandom(h);
    }

    /**
     * A DICOM UID under the 2.25 root (PS3.5 B.2) from a name-based UUID of the seed and the path: unique for
     * distinct paths and seeds, and the same on every run.
     */
    static String uid(long seed, String purpose, int... path) {
        StringBuilder name =
                new StringBuilder("deeplesion-synth/").append(seed).append('/').append(purpose);
        for (int p : path) {
            name.append('/').append(p);
        }
        UUID uuid = UUID.nameUUIDFromBytes(name.toString().getBytes(StandardCharsets.UTF_8));
        BigInteger value = new BigInteger(1, toBytes(uuid));
        return "2.25." + value;
    }

    private static byte[] toBytes(UUID uuid) {
        byte[] b = new byte[16];
        long hi = uuid.getMostSignificantBits();
        long lo = uuid.getLeastSignificantBits();
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (hi >>> (56 - 8 * i));
            b[8 + i] = (byte) (lo >>> (56 - 8 * i));
        }
        return b;
    }

    /** SplitMix64's finaliser: a bijection that spreads every input bit over the output. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
