package org.deeplesion.jobs.experiment;

import static java.util.Objects.requireNonNull;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.deeplesion.jobs.detect.TrainOptions;

/**
 * What an ablation runs: every arm with every seed, trained with {@code training} (its classes and seed replaced),
 * evaluated on {@code split} against the bookmarks and the cohort's complete truth.
 *
 * @param truth the synthetic cohort's truth.json: the complete truth, the true types and the true k
 * @param k the clusters of the pseudo-label arms, or null to choose over {@code kMin..kMax} by silhouette
 * @param categorizeRounds refinement rounds of each categorisation
 * @param reuse finished models to take instead of training, by {@link #reuseKey arm and seed}: an ablation that
 *     stopped part of the way is completed without training again what it finished
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
        TrainOptions training,
        Map<String, String> reuse) {

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
        reuse = Map.copyOf(reuse);
        Set<String> keys = new HashSet<>();
        for (Arm a : arms) {
            for (long s : seeds) {
                keys.add(reuseKey(a, s));
            }
        }
        for (String key : reuse.keySet()) {
            if (!keys.contains(key)) {
                throw new IllegalArgumentException("--reuse " + key + ": no such arm and seed in this experiment ("
                        + "ARM:SEED=MODEL with an arm of --arms and a seed of --seeds)");
            }
        }
        if (training.resume()) {
            throw new IllegalArgumentException("an experiment trains new models; it cannot --resume");
        }
    }

    /** Options that train every model. */
    public ExperimentOptions(
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
        this(lake, truth, split, arms, seeds, k, kMin, kMax, categorizeRounds, training, Map.of());
    }

    /** How {@code reuse} names an arm's model for a seed: {@code pseudo:2}. */
    public static String reuseKey(Arm arm, long seed) {
        return arm.id() + ":" + seed;
    }

    /** The model to reuse for an arm and seed, or null to train one. */
    String reused(Arm arm, long seed) {
        return reuse.get(reuseKey(arm, seed));
    }
}
