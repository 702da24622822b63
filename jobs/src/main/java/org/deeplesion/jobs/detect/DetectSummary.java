package org.deeplesion.jobs.detect;

import java.util.Locale;
import java.util.Map;
import org.deeplesion.jobs.run.JobSummary;

/** What a detection run did. */
public record DetectSummary(
        String runId,
        String modelId,
        String split,
        boolean wholeSeries,
        long images,
        long detections,
        double imagesPerSecond,
        double seconds)
        implements JobSummary {

    @Override
    public String line() {
        return String.format(
                Locale.ROOT,
                "detect: model %s on %d %s: %d detections, %.1f images/s, %.0f s",
                modelId,
                images,
                scope(wholeSeries, split),
                detections,
                imagesPerSecond,
                seconds);
    }

    /** What was searched: "test key slices" or "slices of the test series". */
    static String scope(boolean wholeSeries, String split) {
        return wholeSeries ? "slices of the " + split + " series" : split + " key slices";
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
