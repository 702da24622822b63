package org.deeplesion.jobs.cli;

import java.io.IOException;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.deeplesion.jobs.detect.SelfTraining;
import org.deeplesion.jobs.detect.TrainOptions;
import org.deeplesion.jobs.detect.TrainSummary;
import org.deeplesion.jobs.lake.LakeRoot;
import org.deeplesion.jobs.spark.Sessions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        description = "Train the two-stage lesion detector (proposal network + region classifier) across the "
                + "executors with DL4J parameter averaging; writes models/<run>/ under the lake.")
final class TrainCommand implements Callable<Integer> {

    @Option(names = "--lake", required = true, description = "Lake root URI.")
    String lake;

    @Option(
            names = "--classes",
            defaultValue = "pseudo",
            description = "pseudo: a categorize run's clusters are the classes; single: one 'lesion' class; truth: "
                    + "a synthetic cohort's true lesion types (needs --truth), the upper bound for pseudo labels. "
                    + "Default: ${DEFAULT-VALUE}.")
    String classes;

    @Option(
            names = "--label-run",
            description = "With --classes pseudo: the categorize run whose labels to use. Default: the latest.")
    String labelRun;

    @Option(
            names = "--truth",
            description = "A synthetic cohort's truth.json: the classes of --classes truth, and what self-training "
                    + "checks its mined boxes against (for its report only).")
    String truth;

    @Option(
            names = "--seed",
            defaultValue = "1",
            description = "Seeds networks and sampling. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(
            names = "--resume",
            description = "Continue the latest unfinished training run of this lake from its last checkpoint.")
    boolean resume;

    @Mixin
    TrainArguments training;

    @Override
    public Integer call() throws IOException {
        TrainOptions options = training.options(lake, classes, seed, resume, labelRun, truth);
        SparkSession spark = Sessions.createForDeepLearning("deeplesion-train");
        LakeRoot.requireWritable(spark.sparkContext().hadoopConfiguration(), lake);
        SelfTraining.Result result = new SelfTraining(spark, options).run();
        for (String line : result.roundLines()) {
            System.out.println(line);
        }
        TrainSummary summary = result.model();
        System.out.println(summary.line());
        return 0;
    }
}
