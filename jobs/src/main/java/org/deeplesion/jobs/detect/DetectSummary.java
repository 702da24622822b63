package org.deeplesion.jobs.detect;

import java.util.Locale;

/** What a detection run did. */
public record DetectSummary(String runId, String modelId, String split, long images, long detections,
        double imagesPerSecond, double seconds) {

    public String line() {
        return String.format(Locale.ROOT, "detect: model %s on %d %s key slices: %d detections, %.1f images/s, %.0f s",
                modelId, images, split, detections, imagesPerSecond, seconds);
    }
}
