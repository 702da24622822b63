package org.deeplesion.jobs.detect;

import static java.util.Objects.requireNonNull;

/**
 * @param model a training run id under the lake's {@code models/}, or a model directory URI
 * @param split the lesion split whose key slices are searched
 * @param wholeSeries search every slice of the series that hold the split's key slices, not only the key slices
 */
public record DetectOptions(String lake, String model, String split, boolean wholeSeries) {

    public DetectOptions {
        requireNonNull(lake, "lake");
        requireNonNull(model, "model");
        requireNonNull(split, "split");
    }

    /** Detection on the split's key slices. */
    public DetectOptions(String lake, String model, String split) {
        this(lake, model, split, false);
    }
}
