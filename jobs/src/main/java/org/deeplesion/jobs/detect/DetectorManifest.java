package org.deeplesion.jobs.detect;

import java.util.List;
import java.util.Map;
import org.deeplesion.detect.AnchorSize;
import org.deeplesion.detect.DetectorGeometry;
import org.deeplesion.detect.DetectorSettings;

/**
 * {@code models/<run>/detector.json}: everything needed to run a trained detector besides its two network files,
 * and how it was trained.
 *
 * @param classes "pseudo" (classes are a categorisation run's clusters) or "single" (one class, "lesion")
 * @param classNames one per class, in class index order
 * @param labelRunId the categorisation run whose pseudo labels were the classes, null for a single class
 * @param sizePrior the proposal network's size prior in detector image pixels: the one anchor fitted to the
 *     training boxes
 * @param metrics training figures: losses, images per second, proposal recall on the training images
 */
record DetectorManifest(String modelId, String classes, List<String> classNames, String labelRunId,
        DetectorGeometry geometry, DetectorSettings settings, AnchorSize sizePrior, int proposalEpochs,
        int regionEpochs, long trainImages, long trainLesions, long seed, Map<String, Double> metrics) {
}
