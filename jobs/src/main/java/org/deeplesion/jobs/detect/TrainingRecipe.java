package org.deeplesion.jobs.detect;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;

/**
 * The options that shape what a training run learns, besides its geometry and classes: recorded in its progress and
 * its manifest, so that a resumed run goes on as it started and a model says how it was trained. The epoch counts are
 * not part of it.
 */
record TrainingRecipe(
        long seed,
        int patchesPerImage,
        int proposalBatch,
        int regionBatch,
        int negativesPerImage,
        int averagingFrequency,
        int hardMining,
        double sectionReach,
        double partTarget,
        boolean classAwareProposals,
        int averageLast) {

    static TrainingRecipe of(TrainOptions options) {
        requireNonNull(options, "options");
        return new TrainingRecipe(
                options.seed(),
                options.patchesPerImage(),
                options.proposalBatch(),
                options.regionBatch(),
                options.negativesPerImage(),
                options.averagingFrequency(),
                options.extras().hardMining(),
                options.extras().sectionReach(),
                options.extras().partTarget(),
                options.extras().classAwareProposals(),
                options.extras().averageLast());
    }

    /** What this recipe sets otherwise than {@code started}, as the options that would set it: empty when none. */
    List<String> differencesFrom(TrainingRecipe started) {
        requireNonNull(started, "started");
        List<String> out = new ArrayList<>();
        differ(out, "--seed", seed, started.seed);
        differ(out, "--patches-per-image", patchesPerImage, started.patchesPerImage);
        differ(out, "--batch", proposalBatch, started.proposalBatch);
        differ(out, "--region-batch", regionBatch, started.regionBatch);
        differ(out, "--negatives-per-image", negativesPerImage, started.negativesPerImage);
        differ(out, "--averaging-frequency", averagingFrequency, started.averagingFrequency);
        differ(out, "--hard-mining", hardMining, started.hardMining);
        differ(out, "--section-reach", sectionReach, started.sectionReach);
        differ(out, "--part-target", partTarget, started.partTarget);
        differ(out, "--class-aware-proposals", classAwareProposals, started.classAwareProposals);
        differ(out, "--average-last", averageLast, started.averageLast);
        return out;
    }

    private static void differ(List<String> out, String option, Object now, Object started) {
        if (!now.equals(started)) {
            out.add(option + " " + now + " (started with " + started + ")");
        }
    }
}
