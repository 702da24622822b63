package org.deeplesion.synth;

import java.util.SplittableRandom;

/** An inclusive range of whole numbers, min <= max. */
public record IntRange(int min, int max) {

    public IntRange {
        if (min > max) {
            throw new IllegalArgumentException("range needs min <= max, was " + min + ".." + max);
        }
    }

    public static IntRange of(int min, int max) {
        return new IntRange(min, max);
    }

    int sample(SplittableRandom random) {
        return min == max ? min : random.nextInt(min, max + 1);
    }
}
