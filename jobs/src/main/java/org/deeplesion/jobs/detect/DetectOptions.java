package org.deeplesion.jobs.detect;

import static java.util.Objects.requireNonNull;

/**
 * @param model a training run id under the lake's {@code models/}, or a model directory URI
 * @param split the lesion split whose key slices are searched
 */
public record DetectOptions(String lake, String model, String split) {

    public DetectOptions {
        requireNonNull(lake, "lake");
        requireNonNull(model, "model");
        requireNonNull(split, "split");
    }
}
