package org.deeplesion.jobs.cli;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.deeplesion.embed.CropGeometry;
import org.deeplesion.jobs.categorize.CategorizeJob;
import org.deeplesion.jobs.categorize.CategorizeOptions;
import org.deeplesion.jobs.categorize.CategorizeSummary;
import org.deeplesion.jobs.lake.LakeRoot;
import org.deeplesion.jobs.spark.Sessions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "categorize",
        mixinStandardHelpOptions = true,
        description = "Group lesions into pseudo lesion labels without any labels: CNN embeddings of their crops, "
                + "MLlib k-means, and rounds of training the CNN on the clusters.")
final class CategorizeCommand implements Callable<Integer> {

    @Option(names = "--lake", required = true, description = "Lake root URI.")
    String lake;

    @Mixin
    ClusterArguments clusters;

    @Option(
            names = "--stop-nmi",
            defaultValue = "0.9",
            description = "Stop when consecutive rounds agree at least this much (NMI). Default: ${DEFAULT-VALUE}.")
    double stopNmi;

    @Option(
            names = "--epochs",
            defaultValue = "4",
            description = "Training epochs per refinement round. Default: ${DEFAULT-VALUE}.")
    int epochs;

    @Option(
            names = "--embedding-size",
            defaultValue = "64",
            description = "Dimensions of the embedding. Default: ${DEFAULT-VALUE}.")
    int embeddingSize;

    @Option(
            names = "--seed",
            defaultValue = "1",
            description = "Seeds the network and k-means. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(
            names = "--init-model",
            description = "URI of a DL4J ComputationGraph model file to start from (input 'crops', a layer named "
                    + "'embedding'); random initialisation without it.")
    String initModel;

    @Option(
            names = "--truth",
            description = "URI of a synthetic cohort's truth.json: the report compares clusters with its lesion types.")
    String truth;

    @Option(names = "--crop-size", defaultValue = "32", description = "Crop side in pixels. Default: ${DEFAULT-VALUE}.")
    int cropSize;

    @Option(
            names = "--crop-spacings",
            defaultValue = "1.0,3.0",
            split = ",",
            description = "Millimetres per crop pixel, one per context scale. Default: ${DEFAULT-VALUE}.")
    List<Double> cropSpacings;

    @Option(
            names = "--slice-offset",
            defaultValue = "2.0",
            description = "Millimetres from the key slice to the neighbour slices. Default: ${DEFAULT-VALUE}.")
    double sliceOffset;

    @Override
    public Integer call() throws IOException {
        int[] range = clusters.range();
        CropGeometry geometry = new CropGeometry(
                cropSize, cropSpacings, sliceOffset, CropGeometry.defaults().windows());
        CategorizeOptions options = new CategorizeOptions(
                lake,
                clusters.k,
                range[0],
                range[1],
                clusters.rounds,
                stopNmi,
                epochs,
                embeddingSize,
                seed,
                initModel,
                truth,
                geometry);
        SparkSession spark = Sessions.createForDeepLearning("deeplesion-categorize");
        LakeRoot.requireWritable(spark.sparkContext().hadoopConfiguration(), lake);
        CategorizeSummary summary = new CategorizeJob(spark, options).run();
        System.out.println(summary.line());
        return 0;
    }
}
