package org.deeplesion.synth;

import java.util.SplittableRandom;

/** A closed range of finite numbers, min <= max. */
public record DoubleRange(double min, double max) {

    public DoubleRange {
        if (!Double.isFinite(min) || !Double.isFinite(max) || min > max) {
            throw new IllegalArgumentException("range needs finite min <= max, was " + min + ".." + max);
        }
    }

    public static DoubleRange of(double min, double max) {
        return new DoubleRange(min, max);
    }

    public boolean contains(double value) {
        return value >= min && value <= max;
    }

    double sample(SplittableRandom random) {
        return min == max ? min : min + (max - min) * random.nextDouble();
    }
}
