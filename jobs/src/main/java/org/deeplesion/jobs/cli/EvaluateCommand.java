package org.deeplesion.jobs.cli;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.deeplesion.jobs.detect.EvaluateJob;
import org.deeplesion.jobs.detect.EvaluateOptions;
import org.deeplesion.jobs.detect.EvaluateSummary;
import org.deeplesion.jobs.lake.LakeRoot;
import org.deeplesion.jobs.spark.Sessions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "evaluate",
        mixinStandardHelpOptions = true,
        description = "Evaluate detectors the DeepLesion way: sensitivity at 0.5 to 16 false positives per image "
                + "(IoU >= 0.5) on a split's key slices, per model, against a random-box baseline; report under "
                + "<lake>/reports/detect/<run>/.")
final class EvaluateCommand implements Callable<Integer> {

    @Option(names = "--lake", required = true, description = "Lake root URI.")
    String lake;

    @Option(
            names = "--model",
            required = true,
            paramLabel = "ID|URI",
            description = "A model_id in the detections table (a training run id) or the model's directory, as "
                    + "detect takes it; repeat to compare models. The first one's detections are drawn in the "
                    + "gallery.")
    List<String> models;

    @Option(
            names = "--split",
            defaultValue = "test",
            description = "train, validation or test. Default: ${DEFAULT-VALUE}.")
    String split;

    @Option(
            names = "--truth",
            description = "URI of a synthetic cohort's truth.json: also evaluate against every lesion on the key "
                    + "slices, bookmarked or not.")
    String truth;

    @Option(
            names = "--gallery",
            defaultValue = "8",
            paramLabel = "N",
            description = "Key slices drawn in gallery.png. Default: ${DEFAULT-VALUE}.")
    int gallery;

    @Option(
            names = "--seed",
            defaultValue = "1",
            description = "Seeds the random-box baseline and the gallery's slices. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Override
    public Integer call() throws IOException {
        EvaluateOptions options = new EvaluateOptions(lake, models, split, truth, gallery, seed);
        SparkSession spark = Sessions.create("deeplesion-evaluate");
        LakeRoot.requireWritable(spark.sparkContext().hadoopConfiguration(), lake);
        EvaluateSummary summary = new EvaluateJob(spark, options).run();
        System.out.println(summary.lines());
        return 0;
    }
}
