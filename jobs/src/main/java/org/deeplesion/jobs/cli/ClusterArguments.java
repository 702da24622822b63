package org.deeplesion.jobs.cli;

import picocli.CommandLine.Option;

/** How many clusters and rounds categorisation makes, shared by {@code categorize} and {@code refresh}. */
final class ClusterArguments {

    @Option(names = "--k", description = "Number of clusters. Without it, k is chosen over --k-range.")
    Integer k;

    @Option(
            names = "--k-range",
            defaultValue = "4..10",
            description = "Range of k to choose from by the highest silhouette. Default: ${DEFAULT-VALUE}.")
    String kRange;

    @Option(
            names = "--rounds",
            defaultValue = "3",
            description = "Most embedding-clustering rounds, the first included. Default: ${DEFAULT-VALUE}.")
    int rounds;

    /** {@code --k-range} as its two bounds. */
    int[] range() {
        return RangeOption.ints("--k-range", kRange, "4..10");
    }
}
