package org.deeplesion.jobs.cli;

import java.util.List;
import org.deeplesion.detect.DetectorGeometry;
import org.deeplesion.detect.DetectorSettings;
import org.deeplesion.jobs.detect.TrainOptions;
import picocli.CommandLine.Option;

/** How the detector trains, shared by {@code train} and {@code experiment}. */
final class TrainArguments {

    /** Beyond this a neighbour channel would miss most of a small lesion that the key slice cuts through its middle. */
    static final double MAX_SLICE_INTERVAL_MM = 10.0;

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
            names = "--slice-interval",
            defaultValue = "" + DetectorGeometry.DEFAULT_INTERVAL_MM,
            paramLabel = "MM",
            description = "Millimetres between the key slice and each of its two neighbour channels, at most "
                    + MAX_SLICE_INTERVAL_MM + ". Default: ${DEFAULT-VALUE}.")
    double sliceInterval;

    @Option(
            names = "--patch",
            defaultValue = "96",
            description = "Training patch side in detector pixels. Default: ${DEFAULT-VALUE}.")
    int patch;

    @Option(
            names = "--stride",
            defaultValue = "" + DetectorGeometry.DEFAULT_STRIDE,
            description = "The proposal grid in detector pixels, 4 or 8: 8 trains and detects faster and places "
                    + "small lesions more coarsely. Default: ${DEFAULT-VALUE}.")
    int stride;

    @Option(
            names = "--self-training",
            defaultValue = "0",
            paramLabel = "ROUNDS",
            description = "After the first model, mine its confident detections on the training slices that match "
                    + "no bookmark and that a neighbour slice confirms, and train again with them as lesions; this "
                    + "many rounds. Default: ${DEFAULT-VALUE}.")
    int selfTraining;

    @Option(
            names = "--mine-score",
            defaultValue = "" + TrainOptions.Extras.DEFAULT_MINE_SCORE,
            description = "The lowest score self-training mines, on the key slice and its neighbour. "
                    + "Default: ${DEFAULT-VALUE}.")
    double mineScore;

    @Option(
            names = "--teacher",
            description = "With --self-training: a trained model (id or directory) that mines the first round, instead "
                    + "of training a first model.")
    String teacher;

    @Option(
            names = "--hard-mining",
            defaultValue = "" + TrainOptions.Extras.DEFAULT_HARD_MINING,
            paramLabel = "EPOCHS",
            description = "Every this many proposal epochs, run the proposal network over the training slices and cut "
                    + "patches three times as often around the lesions its best 8 proposals miss; 0 turns it off. "
                    + "Default: ${DEFAULT-VALUE}.")
    int hardMining;

    @Option(
            names = "--section-reach",
            defaultValue = "" + TrainOptions.Extras.DEFAULT_SECTION_REACH,
            paramLabel = "DIAMETERS",
            description = "A lesion bookmarked on a slice closer than this many of its long diameters is also a lesion "
                    + "of the proposal network on the other key slices of its series, with its box shrunk as an "
                    + "ellipsoid's section (at most 0.5; 0 turns it off). Default: ${DEFAULT-VALUE}.")
    double sectionReach;

    @Option(
            names = "--part-target",
            defaultValue = "" + TrainOptions.Extras.DEFAULT_PART_TARGET,
            paramLabel = "P",
            description = "The region classifier learns the sections of lesions bookmarked on other slices of the "
                    + "series, wherever they reach a key slice, as lesions with this probability, so that it ranks "
                    + "them between its own slice's lesions and background (below 1; 0 leaves them out of its class "
                    + "loss). Default: ${DEFAULT-VALUE}.")
    double partTarget;

    @Option(
            names = "--average-last",
            defaultValue = "" + TrainOptions.Extras.DEFAULT_AVERAGE_LAST,
            paramLabel = "EPOCHS",
            description = "The proposal network's weights are the mean of its weights after each of its last this many "
                    + "epochs (at most the last third of them), which steadies where hard example mining's last "
                    + "rounds leave it; 0 or 1 keeps the last epoch's. Default: ${DEFAULT-VALUE}.")
    int averageLast;

    @Option(
            names = "--class-aware-proposals",
            description = "The proposal network also learns each lesion's class (an auxiliary target).")
    boolean classAwareProposals;

    DetectorGeometry geometry() {
        if (stride != 4 && stride != 8) {
            throw new IllegalArgumentException("--stride must be 4 or 8 detector pixels, was " + stride);
        }
        if (!(sliceInterval > 0 && sliceInterval <= MAX_SLICE_INTERVAL_MM)) {
            throw new IllegalArgumentException("--slice-interval must be above 0 and at most " + MAX_SLICE_INTERVAL_MM
                    + " mm, was " + sliceInterval);
        }
        DetectorGeometry d = DetectorGeometry.defaults();
        return new DetectorGeometry(
                spacing, sliceInterval, d.window(), stride, patch, d.regionPx(), d.regionContext(), d.minRegionMm());
    }

    /** The training options these arguments give, for the given lake, classes, seed and labels. */
    TrainOptions options(String lake, String classes, long seed, boolean resume, String labelRun, String truth) {
        return new TrainOptions(
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
                geometry(),
                DetectorSettings.defaults(),
                new TrainOptions.Extras(
                        labelRun,
                        truth,
                        classAwareProposals,
                        selfTraining,
                        mineScore,
                        teacher,
                        hardMining,
                        sectionReach,
                        partTarget,
                        averageLast));
    }
}
