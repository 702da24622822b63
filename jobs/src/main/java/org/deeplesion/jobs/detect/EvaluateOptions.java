package org.deeplesion.jobs.detect;

import static java.util.Objects.requireNonNull;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import org.deeplesion.recist.Split;

/**
 * What an evaluation run compares.
 *
 * @param models the detectors to evaluate, each a {@code model_id} in {@code detections} or a model directory URI,
 *     in report order; the first one's detections are drawn in the gallery
 * @param split the split whose key slices are evaluated: train, validation or test (any case; kept in lower case,
 *     as the lake writes it)
 * @param truth URI of a synthetic cohort's truth.json, to evaluate against its complete truth as well; or null
 * @param gallery how many key slices the gallery shows
 * @param seed seeds the random-box baseline and the gallery's choice of slices
 */
public record EvaluateOptions(String lake, List<String> models, String split, String truth, int gallery, long seed) {

    public EvaluateOptions {
        requireNonNull(lake, "lake");
        models = List.copyOf(requireNonNull(models, "models"));
        requireNonNull(split, "split");
        if (models.isEmpty()) {
            throw new IllegalArgumentException("--model: name at least one model to evaluate");
        }
        for (String model : models) {
            if (model.isBlank()) {
                throw new IllegalArgumentException("--model must name a model id, was blank");
            }
        }
        if (new HashSet<>(models).size() != models.size()) {
            throw new IllegalArgumentException("--model names a model twice: " + models);
        }
        try {
            split = Split.valueOf(split.trim().toUpperCase(Locale.ROOT)).name().toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--split must be train, validation or test, was '" + split + "'", e);
        }
        if (gallery < 1) {
            throw new IllegalArgumentException("--gallery must show at least 1 slice, was " + gallery);
        }
    }
}
