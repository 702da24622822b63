package org.deeplesion.jobs.detect;

import java.util.Locale;
import java.util.Map;
import org.deeplesion.jobs.run.JobSummary;

/** What a detection run did. */
public record DetectSummary(
        String runId,
        String modelId,
        String split,
        long images,
        long detections,
        double imagesPerSecond,
        double seconds)
        implements JobSummary {

    @Override
    public String line() {
        return String.format(
                Locale.ROOT,
                "detect: model %s on %d %s key slices: %d detections, %.1f images/s, %.0f s",
                modelId,
                images,
                split,
                detections,
                imagesPerSecond,
                seconds);
    }

    @Override
    public Map<String, Long> counts() {
        return Map.of("images", images, "detections", detections);
    }

    @Override
    public Map<String, Double> metrics() {
        return Map.of("images_per_s", imagesPerSecond);
    }
}
