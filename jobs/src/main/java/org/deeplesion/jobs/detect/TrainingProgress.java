package org.deeplesion.jobs.detect;

import java.util.List;
import java.util.Map;
import org.deeplesion.detect.AnchorSize;

/**
 * {@code models/<run>/checkpoints/progress.json}, rewritten after every epoch's checkpoint: where a resumed run
 * continues, and what it must keep as it was (anchors and classes).
 *
 * @param stage "proposals" or "regions", the stage of the last checkpoint
 * @param epoch epochs of that stage completed
 */
record TrainingProgress(String stage, int epoch, List<AnchorSize> anchors, List<String> classNames,
        String labelRunId, Map<String, Double> metrics) {

    static final String PROPOSALS = "proposals";
    static final String REGIONS = "regions";
}
