package org.deeplesion.jobs.bench;

import java.util.Arrays;
import java.util.Locale;

/** Repeated timed passes after warm-up; reports the median pass, the figure least disturbed by GC and JIT. */
final class Timing {

    /** One pass over the benchmark's inputs, returning how many items it processed. */
    interface Pass {
        long run() throws Exception;
    }

    /** Items per second of the median pass and of the best pass. */
    record Rate(double median, double best, long itemsPerPass, int passes) {
        String describe(String unit) {
            return String.format(
                    Locale.ROOT,
                    "%.1f %s/s (median of %d passes, best %.1f; %d %s per pass)",
                    median,
                    unit,
                    passes,
                    best,
                    itemsPerPass,
                    unit);
        }
    }

    private Timing() {}

    static Rate measure(int warmups, int passes, Pass pass) throws Exception {
        long items = 0;
        for (int i = 0; i < warmups; i++) {
            items = pass.run();
        }
        double[] rates = new double[passes];
        for (int i = 0; i < passes; i++) {
            long t0 = System.nanoTime();
            items = pass.run();
            rates[i] = items / ((System.nanoTime() - t0) / 1e9);
        }
        Arrays.sort(rates);
        return new Rate(rates[passes / 2], rates[passes - 1], items, passes);
    }
}
