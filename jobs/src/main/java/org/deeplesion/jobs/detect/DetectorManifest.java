package org.deeplesion.jobs.detect;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.deeplesion.detect.AnchorSize;
import org.deeplesion.detect.DetectorGeometry;
import org.deeplesion.detect.DetectorSettings;

/**
 * {@code models/<run>/detector.json}: everything needed to run a trained detector besides its two network files,
 * and how it was trained.
 *
 * @param classes "pseudo" (classes are a categorisation run's clusters), "single" (one class, "lesion") or "truth"
 *     (a synthetic cohort's true lesion types)
 * @param classNames one per class, in class index order
 * @param labelRunId the categorisation run whose pseudo labels were the classes, null for a single class
 * @param sizePrior the proposal network's size prior in detector image pixels: the one anchor fitted to the
 *     training boxes
 * @param metrics training figures: losses, images per second, proposal recall on the training images
 * @param recipe the options that shaped the training; null in a manifest written before they were recorded
 */
record DetectorManifest(
        String modelId,
        String classes,
        List<String> classNames,
        String labelRunId,
        DetectorGeometry geometry,
        DetectorSettings settings,
        AnchorSize sizePrior,
        int proposalEpochs,
        int regionEpochs,
        long trainImages,
        long trainLesions,
        long seed,
        Map<String, Double> metrics,
        TrainingRecipe recipe) {

    private static final Pattern UUID =
            Pattern.compile("([0-9a-f]{8})-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    /**
     * What a report calls the model: what its classes are, then a short id that tells runs of the same kind apart,
     * e.g. {@code pseudo labels (k=5) [3f2a9c1b]}.
     */
    String label() {
        String kind = switch (classes) {
            case TrainOptions.PSEUDO -> "pseudo labels (k=" + classNames.size() + ")";
            case TrainOptions.SINGLE -> "single class";
            case TrainOptions.TRUTH -> "true types (" + classNames.size() + ")";
            default -> classes + " classes (" + classNames.size() + ")";
        };
        return kind + " [" + shortId(modelId) + "]";
    }

    /**
     * The first 8 hex digits of the run's UUID, as a short commit hash abbreviates: unique among a lake's models in
     * practice. An id that holds no UUID is someone's chosen name, shown whole.
     */
    static String shortId(String modelId) {
        Matcher uuid = UUID.matcher(modelId);
        return uuid.find() ? uuid.group(1) : modelId;
    }
}
