package org.deeplesion.jobs.experiment;

import java.util.List;
import java.util.Locale;

/**
 * The mean and sample standard deviation of one figure over an arm's seeds.
 *
 * @param sd 0 for a single value
 */
public record Spread(double mean, double sd, int n) {

    public static Spread of(List<Double> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("a spread needs at least one value");
        }
        double mean = values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        double squares =
                values.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum();
        double sd = values.size() < 2 ? 0 : Math.sqrt(squares / (values.size() - 1));
        return new Spread(mean, sd, values.size());
    }

    /** {@code 0.812 ± 0.014}. */
    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%.3f ± %.3f", mean, sd);
    }
}
