package org.deeplesion.jobs.experiment;

import static java.util.Objects.requireNonNull;

import java.util.HashSet;
import java.util.List;
import org.deeplesion.jobs.detect.TrainOptions;

/**
 * What an ablation runs: every arm with every seed, trained with {@code training} (its classes and seed replaced),
 * evaluated on {@code split} against the bookmarks and the cohort's complete truth.
 *
 * @param truth the synthetic cohort's truth.json: the complete truth, the true types and the true k
 * @param k the clusters of the pseudo-label arms, or null to choose over {@code kMin..kMax} by silhouette
 * @param categorizeRounds refinement rounds of each categorisation
 */
public record ExperimentOptions(
        String lake,
        String truth,
        String split,
        List<Arm> arms,
        List<Long> seeds,
        Integer k,
        int kMin,
        int kMax,
        int categorizeRounds,
        TrainOptions training) {

    public ExperimentOptions {
        requireNonNull(lake, "lake");
        requireNonNull(truth, "truth");
        requireNonNull(split, "split");
        requireNonNull(training, "training");
        arms = List.copyOf(arms);
        seeds = List.copyOf(seeds);
        if (arms.isEmpty() || new HashSet<>(arms).size() != arms.size()) {
            throw new IllegalArgumentException("--arms must name at least one arm, each once, was " + arms);
        }
        if (seeds.isEmpty() || new HashSet<>(seeds).size() != seeds.size()) {
            throw new IllegalArgumentException("--seeds must name at least one seed, each once, was " + seeds);
        }
        if (training.resume()) {
            throw new IllegalArgumentException("an experiment trains new models; it cannot --resume");
        }
    }
}
