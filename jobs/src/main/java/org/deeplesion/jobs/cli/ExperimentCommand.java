package org.deeplesion.jobs.cli;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.deeplesion.jobs.experiment.Arm;
import org.deeplesion.jobs.experiment.ExperimentJob;
import org.deeplesion.jobs.experiment.ExperimentOptions;
import org.deeplesion.jobs.experiment.ExperimentSummary;
import org.deeplesion.jobs.lake.LakeRoot;
import org.deeplesion.jobs.spark.Sessions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "experiment",
        mixinStandardHelpOptions = true,
        description = "The pseudo-label ablation in one run: categorize, then train, detect and evaluate every arm "
                + "with every seed on a synthetic cohort's lake; writes reports/experiment/<run>/ (report.md, "
                + "ablation.json, froc.png).")
final class ExperimentCommand implements Callable<Integer> {

    @Option(names = "--lake", required = true, description = "Lake root URI (mined, with train and test splits).")
    String lake;

    @Option(
            names = "--truth",
            required = true,
            description = "The cohort's truth.json: complete truth, true types and their number.")
    String truth;

    @Option(names = "--split", defaultValue = "test", description = "The split evaluated. Default: ${DEFAULT-VALUE}.")
    String split;

    @Option(
            names = "--arms",
            defaultValue = "single,pseudo,pseudo-k,pseudo-aware,truth",
            split = ",",
            description = "The arms: single, pseudo (k by silhouette), pseudo-k (k = true types), pseudo-aware "
                    + "(pseudo labels, class-aware proposals), truth (true types). Default: ${DEFAULT-VALUE}.")
    List<String> arms;

    @Option(
            names = "--seeds",
            defaultValue = "1,2,3",
            split = ",",
            description = "One model per arm and seed. Default: ${DEFAULT-VALUE}.")
    List<Long> seeds;

    @Option(
            names = "--reuse",
            paramLabel = "ARM:SEED=MODEL",
            description = "A finished model to take for an arm and seed instead of training one (repeatable): "
                    + "completes an experiment that stopped part of the way.")
    Map<String, String> reuse = new LinkedHashMap<>();

    @Mixin
    ClusterArguments clusters;

    @Mixin
    TrainArguments training;

    @Override
    public Integer call() throws IOException {
        int[] range = clusters.range();
        ExperimentOptions options = new ExperimentOptions(
                lake,
                truth,
                split,
                arms.stream().map(Arm::of).toList(),
                seeds,
                clusters.k,
                range[0],
                range[1],
                clusters.rounds,
                training.options(lake, "single", 1, false, null, truth),
                reuse);
        SparkSession spark = Sessions.createForDeepLearning("deeplesion-experiment");
        LakeRoot.requireWritable(spark.sparkContext().hadoopConfiguration(), lake);
        ExperimentSummary summary = new ExperimentJob(spark, options).run();
        System.out.println(summary.lines());
        return 0;
    }
}
