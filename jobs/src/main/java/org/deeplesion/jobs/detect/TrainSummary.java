package org.deeplesion.jobs.detect;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.deeplesion.jobs.run.JobSummary;

/**
 * What a training run did, for the console and the {@code runs} table.
 *
 * @param metrics training figures (losses, rates, proposal recall, seconds), as the manifest holds them
 */
public record TrainSummary(
        String modelId,
        String modelDir,
        long images,
        long lesions,
        int classes,
        Map<String, Double> metrics,
        double seconds)
        implements JobSummary {

    @Override
    public String line() {
        return String.format(
                Locale.ROOT,
                "train: model %s, %d images, %d lesions, %d classes, proposal recall %.3f, "
                        + "%.1f training images/s, %.0f s -> %s",
                modelId,
                images,
                lesions,
                classes,
                metrics.getOrDefault("proposal_recall_train", Double.NaN),
                metrics.getOrDefault("proposal_images_per_s", Double.NaN),
                seconds,
                modelDir);
    }

    @Override
    public Map<String, Long> counts() {
        Map<String, Long> c = new LinkedHashMap<>();
        c.put("images", images);
        c.put("lesions", lesions);
        c.put("classes", (long) classes);
        return c;
    }
}
