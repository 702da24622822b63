package org.deeplesion.jobs.cli;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.deeplesion.detect.DetectorGeometry;
import org.deeplesion.detect.DetectorSettings;
import org.deeplesion.jobs.detect.TrainJob;
import org.deeplesion.jobs.detect.TrainOptions;
import org.deeplesion.jobs.detect.TrainSummary;
import org.deeplesion.jobs.lake.LakeRoot;
import org.deeplesion.jobs.spark.Sessions;
import picocli.CommandLine.Command;
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
            description = "pseudo: the latest categorize run's clusters are the classes; single: one 'lesion' "
                    + "class. Default: ${DEFAULT-VALUE}.")
    String classes;

    @Option(
            names = "--splits",
            defaultValue = "train",
            split = ",",
            description = "Lesion splits to train on. Default: ${DEFAULT-VALUE}.")
    List<String> splits;

    @Option(
            names = "--proposal-epochs",
            defaultValue = "12",
            description = "Epochs of the proposal network. Default: ${DEFAULT-VALUE}.")
    int proposalEpochs;

    @Option(
            names = "--region-epochs",
            defaultValue = "6",
            description = "Epochs of the region classifier. Default: ${DEFAULT-VALUE}.")
    int regionEpochs;

    @Option(
            names = "--patches-per-image",
            defaultValue = "4",
            description = "Proposal training patches drawn per image and epoch. Default: ${DEFAULT-VALUE}.")
    int patchesPerImage;

    @Option(
            names = "--negatives-per-image",
            defaultValue = "8",
            description = "Background regions per image and epoch for the classifier. Default: ${DEFAULT-VALUE}.")
    int negativesPerImage;

    @Option(
            names = "--batch",
            defaultValue = "8",
            description = "Proposal minibatch per worker. Default: ${DEFAULT-VALUE}.")
    int batch;

    @Option(
            names = "--region-batch",
            defaultValue = "64",
            description = "Region minibatch per worker. Default: ${DEFAULT-VALUE}.")
    int regionBatch;

    @Option(
            names = "--averaging-frequency",
            defaultValue = "4",
            description = "Minibatches per worker between parameter averagings. Default: ${DEFAULT-VALUE}.")
    int averagingFrequency;

    @Option(
            names = "--spacing",
            defaultValue = "2.0",
            description = "Millimetres per detector pixel. Default: ${DEFAULT-VALUE}.")
    double spacing;

    @Option(
            names = "--patch",
            defaultValue = "96",
            description = "Training patch side in detector pixels. Default: ${DEFAULT-VALUE}.")
    int patch;

    @Option(
            names = "--seed",
            defaultValue = "1",
            description = "Seeds networks and sampling. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(
            names = "--resume",
            description = "Continue the latest unfinished training run of this lake from its last checkpoint.")
    boolean resume;

    @Override
    public Integer call() throws IOException {
        DetectorGeometry d = DetectorGeometry.defaults();
        DetectorGeometry geometry = new DetectorGeometry(
                spacing,
                d.intervalMm(),
                d.window(),
                d.stride(),
                patch,
                d.regionPx(),
                d.regionContext(),
                d.minRegionMm());
        TrainOptions options = new TrainOptions(
                lake,
                classes,
                splits,
                proposalEpochs,
                regionEpochs,
                patchesPerImage,
                batch,
                regionBatch,
                negativesPerImage,
                averagingFrequency,
                seed,
                resume,
                geometry,
                DetectorSettings.defaults());
        SparkSession spark = Sessions.createForDeepLearning("deeplesion-train");
        LakeRoot.requireWritable(spark.sparkContext().hadoopConfiguration(), lake);
        TrainSummary summary = new TrainJob(spark, options).run();
        System.out.println(summary.line());
        return 0;
    }
}
