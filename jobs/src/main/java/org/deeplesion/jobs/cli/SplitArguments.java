package org.deeplesion.jobs.cli;

import picocli.CommandLine.Option;

/** How mining splits patients into train, validation and test, shared by {@code mine} and {@code refresh}. */
final class SplitArguments {

    @Option(
            names = "--seed",
            defaultValue = "1",
            description = "Seeds the per-patient split; keep it fixed for a lake. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(
            names = "--train",
            defaultValue = "0.7",
            description = "Share of patients in train. Default: ${DEFAULT-VALUE}.")
    double train;

    @Option(
            names = "--validation",
            defaultValue = "0.15",
            description = "Share of patients in validation (test gets the rest). Default: ${DEFAULT-VALUE}.")
    double validation;
}
