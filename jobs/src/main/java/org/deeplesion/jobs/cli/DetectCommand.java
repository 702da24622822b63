package org.deeplesion.jobs.cli;

import java.io.IOException;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.deeplesion.jobs.detect.DetectJob;
import org.deeplesion.jobs.detect.DetectOptions;
import org.deeplesion.jobs.detect.DetectSummary;
import org.deeplesion.jobs.lake.LakeRoot;
import org.deeplesion.jobs.spark.Sessions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "detect",
        mixinStandardHelpOptions = true,
        description = "Run a trained detector over the key slices of a split (or their whole series) on the executors; "
                + "writes detections.")
final class DetectCommand implements Callable<Integer> {

    @Option(names = "--lake", required = true, description = "Lake root URI.")
    String lake;

    @Option(
            names = "--model",
            required = true,
            description = "A training run id (models/<id>/ under the lake) or a model directory URI.")
    String model;

    @Option(
            names = "--split",
            defaultValue = "test",
            description = "Lesion split whose key slices are searched. Default: ${DEFAULT-VALUE}.")
    String split;

    @Option(
            names = "--all-slices",
            description = "Search every slice of the series that hold the split's key slices, not only the key "
                    + "slices (evaluate still scores the key slices).")
    boolean allSlices;

    @Option(
            names = "--flip",
            negatable = true,
            description = "Propose from the mean of the proposal network's maps over each slice and its mirror image "
                    + "(--no-flip: the slice alone). Default: the model's setting, on for models trained now.")
    Boolean flip;

    @Override
    public Integer call() throws IOException {
        SparkSession spark = Sessions.createForDeepLearning("deeplesion-detect");
        LakeRoot.requireWritable(spark.sparkContext().hadoopConfiguration(), lake);
        DetectSummary summary = new DetectJob(spark, new DetectOptions(lake, model, split, allSlices, flip)).run();
        System.out.println(summary.line());
        return 0;
    }
}
