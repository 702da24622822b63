package org.deeplesion.jobs.detect;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.deeplesion.detect.DetectorGeometry;
import org.deeplesion.detect.DetectorSettings;
import org.deeplesion.detect.SeriesBookmark;

/**
 * @param classes "pseudo" (a categorisation run's clusters), "single" (one class) or "truth" (a synthetic cohort's
 *     true lesion types, an upper bound for pseudo labels)
 * @param splits the lesion splits trained on
 * @param proposalEpochs passes over the training images for the proposal network
 * @param regionEpochs passes for the region classifier
 * @param patchesPerImage proposal-network patches drawn per image per epoch
 * @param negativesPerImage background regions per image per epoch
 * @param averagingFrequency minibatches each worker fits between parameter averagings
 * @param resume continue the latest unfinished training run from its last checkpoint
 * @param extras what the README's main command leaves at its defaults: which labels, class-aware proposals,
 *     self-training and hard example mining
 */
public record TrainOptions(
        String lake,
        String classes,
        List<String> splits,
        int proposalEpochs,
        int regionEpochs,
        int patchesPerImage,
        int proposalBatch,
        int regionBatch,
        int negativesPerImage,
        int averagingFrequency,
        long seed,
        boolean resume,
        DetectorGeometry geometry,
        DetectorSettings settings,
        Extras extras) {

    public static final String PSEUDO = "pseudo";
    public static final String SINGLE = "single";
    public static final String TRUTH = "truth";

    /**
     * @param labelRun the categorisation run whose pseudo labels are the classes, or null for the latest
     * @param truth URI of a synthetic cohort's truth.json: the classes of {@code --classes truth}, and what
     *     self-training's mined boxes are checked against in its report; or null
     * @param classAwareProposals the proposal network also learns each centre's class (an auxiliary target for its
     *     backbone); detection does not use it
     * @param selfTrainingRounds after the first model, this many rounds of mining confident unbookmarked detections
     *     on the training slices and training again with them as lesions
     * @param mineScore the lowest detection score self-training mines, on the key slice and on a neighbour slice
     * @param teacher a trained model (run id or directory) that is the first round's teacher instead of a model
     *     trained first; or null
     * @param hardMining every this many proposal epochs, the training lesions the proposal network misses are found
     *     again and weigh more in the next epochs' patches ({@link org.deeplesion.detect.HardLesions}); 0 for never
     * @param sectionReach a lesion bookmarked on a slice closer than this many long diameters is a lesion of the
     *     proposal network's patches on another key slice too ({@link org.deeplesion.detect.SeriesBookmark#sectionOn});
     *     0 for never
     * @param partTarget the region classifier's lesion probability for the sections of lesions bookmarked on other
     *     slices of the series, wherever they reach ({@link org.deeplesion.detect.RegionSample#part}); 0 leaves them
     *     out of its class loss
     * @param averageLast the proposal network's weights are the mean of its weights after each of its last this many
     *     epochs, at most the last third of them ({@link #averagedEpochs}, {@link org.deeplesion.nn.WeightAverage});
     *     0 or 1 keeps those of the last
     */
    public record Extras(
            String labelRun,
            String truth,
            boolean classAwareProposals,
            int selfTrainingRounds,
            double mineScore,
            String teacher,
            int hardMining,
            double sectionReach,
            double partTarget,
            int averageLast) {

        public static final double DEFAULT_MINE_SCORE = 0.8;
        public static final int DEFAULT_HARD_MINING = 8;
        public static final double DEFAULT_SECTION_REACH = 0.25;
        public static final double DEFAULT_PART_TARGET = 0.5;
        public static final int DEFAULT_AVERAGE_LAST = 16;

        public Extras {
            if (selfTrainingRounds < 0) {
                throw new IllegalArgumentException("--self-training must be >= 0 rounds, was " + selfTrainingRounds);
            }
            if (!(mineScore > 0 && mineScore < 1)) {
                throw new IllegalArgumentException("--mine-score must be in (0, 1), was " + mineScore);
            }
            if (hardMining < 0) {
                throw new IllegalArgumentException("--hard-mining must be >= 0 epochs, was " + hardMining);
            }
            if (!(sectionReach >= 0 && sectionReach <= SeriesBookmark.MAX_REACH)) {
                throw new IllegalArgumentException("--section-reach must be within 0.." + SeriesBookmark.MAX_REACH
                        + " long diameters, was " + sectionReach);
            }
            if (!(partTarget >= 0 && partTarget < 1)) {
                throw new IllegalArgumentException("--part-target must be at least 0 and below 1, was " + partTarget);
            }
            if (averageLast < 0) {
                throw new IllegalArgumentException("--average-last must be >= 0 epochs, was " + averageLast);
            }
            if (teacher != null && selfTrainingRounds < 1) {
                throw new IllegalArgumentException(
                        "--teacher starts self-training; it needs --self-training 1 or more");
            }
        }

        /**
         * How many of the last of {@code epochs} proposal epochs the weights are averaged over: {@code averageLast},
         * at most the last third, rounded up (the earlier epochs' weights lie far from where training ends, so a
         * short run averages few or none); 1 is the last epoch's weights alone.
         */
        public int averagedEpochs(int epochs) {
            if (epochs < 1) {
                throw new IllegalArgumentException("at least one proposal epoch is needed, was " + epochs);
            }
            return Math.max(1, Math.min(averageLast, (epochs + 2) / 3));
        }

        /** The same extras without a teacher: what later rounds train with. */
        public Extras withoutTeacher() {
            return new Extras(
                    labelRun,
                    truth,
                    classAwareProposals,
                    selfTrainingRounds,
                    mineScore,
                    null,
                    hardMining,
                    sectionReach,
                    partTarget,
                    averageLast);
        }

        /**
         * The latest labels, no class-aware proposals, no self-training, hard example mining and sections as by
         * default.
         */
        public static Extras none() {
            return new Extras(
                    null,
                    null,
                    false,
                    0,
                    DEFAULT_MINE_SCORE,
                    null,
                    DEFAULT_HARD_MINING,
                    DEFAULT_SECTION_REACH,
                    DEFAULT_PART_TARGET,
                    DEFAULT_AVERAGE_LAST);
        }

        /** The same extras with hard example mining every {@code epochs} proposal epochs, 0 for never. */
        public Extras withHardMining(int epochs) {
            return new Extras(
                    labelRun,
                    truth,
                    classAwareProposals,
                    selfTrainingRounds,
                    mineScore,
                    teacher,
                    epochs,
                    sectionReach,
                    partTarget,
                    averageLast);
        }

        /** The same extras with sections within {@code reach} long diameters, 0 for none. */
        public Extras withSectionReach(double reach) {
            return new Extras(
                    labelRun,
                    truth,
                    classAwareProposals,
                    selfTrainingRounds,
                    mineScore,
                    teacher,
                    hardMining,
                    reach,
                    partTarget,
                    averageLast);
        }

        /** The same extras with the proposal network's weights averaged over its last {@code epochs}. */
        public Extras withAverageLast(int epochs) {
            return new Extras(
                    labelRun,
                    truth,
                    classAwareProposals,
                    selfTrainingRounds,
                    mineScore,
                    teacher,
                    hardMining,
                    sectionReach,
                    partTarget,
                    epochs);
        }

        /** The same extras with {@code target} as the parts' lesion probability, 0 for none. */
        public Extras withPartTarget(double target) {
            return new Extras(
                    labelRun,
                    truth,
                    classAwareProposals,
                    selfTrainingRounds,
                    mineScore,
                    teacher,
                    hardMining,
                    sectionReach,
                    target,
                    averageLast);
        }
    }

    /** Options without {@link Extras}. */
    public TrainOptions(
            String lake,
            String classes,
            List<String> splits,
            int proposalEpochs,
            int regionEpochs,
            int patchesPerImage,
            int proposalBatch,
            int regionBatch,
            int negativesPerImage,
            int averagingFrequency,
            long seed,
            boolean resume,
            DetectorGeometry geometry,
            DetectorSettings settings) {
        this(
                lake,
                classes,
                splits,
                proposalEpochs,
                regionEpochs,
                patchesPerImage,
                proposalBatch,
                regionBatch,
                negativesPerImage,
                averagingFrequency,
                seed,
                resume,
                geometry,
                settings,
                Extras.none());
    }

    public TrainOptions {
        requireNonNull(lake, "lake");
        requireNonNull(geometry, "geometry");
        requireNonNull(settings, "settings");
        requireNonNull(extras, "extras");
        splits = List.copyOf(splits);
        if (!PSEUDO.equals(classes) && !SINGLE.equals(classes) && !TRUTH.equals(classes)) {
            throw new IllegalArgumentException(
                    "--classes must be 'pseudo', 'single' or 'truth', was '" + classes + "'");
        }
        if (TRUTH.equals(classes) && extras.truth() == null) {
            throw new IllegalArgumentException("--classes truth needs --truth, the cohort's truth.json");
        }
        if (extras.labelRun() != null && !PSEUDO.equals(classes)) {
            throw new IllegalArgumentException("--label-run names pseudo labels; it needs --classes pseudo");
        }
        if (resume && extras.selfTrainingRounds() > 0) {
            throw new IllegalArgumentException("--resume continues one training run; it cannot be combined with "
                    + "--self-training (resume the round that stopped, then train again)");
        }
        if (splits.isEmpty()) {
            throw new IllegalArgumentException("at least one split to train on is needed");
        }
        if (proposalEpochs < 1 || regionEpochs < 1) {
            throw new IllegalArgumentException("epochs must be >= 1, were " + proposalEpochs + " and " + regionEpochs);
        }
        if (patchesPerImage < 1 || proposalBatch < 1 || regionBatch < 1 || negativesPerImage < 0) {
            throw new IllegalArgumentException("patches per image and batch sizes must be >= 1, negatives >= 0");
        }
        if (averagingFrequency < 1) {
            throw new IllegalArgumentException("averaging frequency must be >= 1, was " + averagingFrequency);
        }
    }

    /** The same options with another seed. */
    public TrainOptions withSeed(long newSeed) {
        return new TrainOptions(
                lake,
                classes,
                splits,
                proposalEpochs,
                regionEpochs,
                patchesPerImage,
                proposalBatch,
                regionBatch,
                negativesPerImage,
                averagingFrequency,
                newSeed,
                resume,
                geometry,
                settings,
                extras);
    }

    /** The same options with other classes and extras. */
    public TrainOptions withClasses(String newClasses, Extras newExtras) {
        return new TrainOptions(
                lake,
                newClasses,
                splits,
                proposalEpochs,
                regionEpochs,
                patchesPerImage,
                proposalBatch,
                regionBatch,
                negativesPerImage,
                averagingFrequency,
                seed,
                resume,
                geometry,
                settings,
                newExtras);
    }
}
