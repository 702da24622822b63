package org.deeplesion.jobs.detect;

import static java.util.Objects.requireNonNull;

import org.deeplesion.detect.DetectorSettings;

/**
 * @param model a training run id under the lake's {@code models/}, or a model directory URI
 * @param split the lesion split whose key slices are searched
 * @param wholeSeries search every slice of the series that hold the split's key slices, not only the key slices
 * @param flip {@link DetectorSettings#flip} for this run; null keeps the model's own setting
 */
public record DetectOptions(String lake, String model, String split, boolean wholeSeries, Boolean flip) {

    public DetectOptions {
        requireNonNull(lake, "lake");
        requireNonNull(model, "model");
        requireNonNull(split, "split");
    }

    /** Detection on the split's key slices, with the model's own settings. */
    public DetectOptions(String lake, String model, String split) {
        this(lake, model, split, false, null);
    }

    /** Detection with the model's own settings. */
    public DetectOptions(String lake, String model, String split, boolean wholeSeries) {
        this(lake, model, split, wholeSeries, null);
    }

    /** The settings this run detects with: the model's, with {@link #flip} where given. */
    public DetectorSettings settings(DetectorSettings model) {
        requireNonNull(model, "model");
        return flip == null ? model : model.withFlip(flip);
    }
}
