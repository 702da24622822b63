package org.deeplesion.jobs.spark;

import static java.util.Objects.requireNonNull;

import org.apache.spark.api.java.JavaSparkContext;

/** How many tasks a list of work items (files, sources) is cut into. */
public final class Partitions {

    private Partitions() {}

    /**
     * Tasks of about {@code perTask} items each, but no more than {@code perCore} of them for each of the cluster's
     * cores (Spark's default parallelism), and at least one.
     */
    public static int forItems(JavaSparkContext jsc, long items, int perTask, int perCore) {
        return forItems(requireNonNull(jsc, "jsc").defaultParallelism(), items, perTask, perCore);
    }

    /** As {@link #forItems(JavaSparkContext, long, int, int)}, for a cluster of {@code cores} cores. */
    static int forItems(int cores, long items, int perTask, int perCore) {
        if (perTask < 1 || perCore < 1 || items < 0) {
            throw new IllegalArgumentException("items " + items + ", per task " + perTask + ", per core " + perCore
                    + ": items cannot be negative, the others must be at least 1");
        }
        long wanted = (items + perTask - 1) / perTask;
        long most = (long) Math.max(1, cores) * perCore;
        return (int) Math.max(1, Math.min(most, wanted));
    }
}
