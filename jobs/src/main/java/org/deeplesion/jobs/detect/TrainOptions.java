package org.deeplesion.jobs.detect;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.deeplesion.detect.DetectorGeometry;
import org.deeplesion.detect.DetectorSettings;

/**
 * @param classes "pseudo" or "single"
 * @param splits the lesion splits trained on
 * @param proposalEpochs passes over the training images for the proposal network
 * @param regionEpochs passes for the region classifier
 * @param patchesPerImage proposal-network patches drawn per image per epoch
 * @param negativesPerImage background regions per image per epoch
 * @param averagingFrequency minibatches each worker fits between parameter averagings
 * @param resume continue the latest unfinished training run from its last checkpoint
 */
public record TrainOptions(
        String lake,
        String classes,
        List<String> splits,
        int proposalEpochs,
        int regionEpochs,
        int patchesPerImage,
        int proposalBatch,
        int regionBatch,
        int negativesPerImage,
        int averagingFrequency,
        long seed,
        boolean resume,
        DetectorGeometry geometry,
        DetectorSettings settings) {

    public static final String PSEUDO = "pseudo";
    public static final String SINGLE = "single";

    public TrainOptions {
        requireNonNull(lake, "lake");
        requireNonNull(geometry, "geometry");
        requireNonNull(settings, "settings");
        splits = List.copyOf(splits);
        if (!PSEUDO.equals(classes) && !SINGLE.equals(classes)) {
            throw new IllegalArgumentException("--classes must be 'pseudo' or 'single', was '" + classes + "'");
        }
        if (splits.isEmpty()) {
            throw new IllegalArgumentException("at least one split to train on is needed");
        }
        if (proposalEpochs < 1 || regionEpochs < 1) {
            throw new IllegalArgumentException("epochs must be >= 1, were " + proposalEpochs + " and " + regionEpochs);
        }
        if (patchesPerImage < 1 || proposalBatch < 1 || regionBatch < 1 || negativesPerImage < 0) {
            throw new IllegalArgumentException("patches per image and batch sizes must be >= 1, negatives >= 0");
        }
        if (averagingFrequency < 1) {
            throw new IllegalArgumentException("averaging frequency must be >= 1, was " + averagingFrequency);
        }
    }
}
