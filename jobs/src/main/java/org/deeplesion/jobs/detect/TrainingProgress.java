package org.deeplesion.jobs.detect;

import java.util.List;
import java.util.Map;
import org.deeplesion.detect.AnchorSize;
import org.deeplesion.detect.DetectorGeometry;

/**
 * {@code models/<run>/checkpoints/progress.json}, rewritten after every epoch's checkpoint: where a resumed run
 * continues, and what it must keep as it was (geometry, size prior and classes).
 *
 * @param stage "proposals" or "regions", the stage of the last checkpoint
 * @param epoch epochs of that stage completed
 * @param recipe the options the run started with; null in progress written before they were recorded
 */
record TrainingProgress(
        String stage,
        int epoch,
        DetectorGeometry geometry,
        AnchorSize sizePrior,
        List<String> classNames,
        String labelRunId,
        Map<String, Double> metrics,
        TrainingRecipe recipe) {

    static final String PROPOSALS = "proposals";
    static final String REGIONS = "regions";
}
