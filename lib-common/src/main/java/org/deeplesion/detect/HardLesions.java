package org.deeplesion.detect;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.deeplesion.recist.BoundingBox;

/**
 * Hard example mining for the proposal network, lesion by lesion: a training lesion that none of the current
 * network's best {@link #TOP} proposals on its slice finds (IoU >= 0.5) weighs {@link #MISSED_WEIGHT} times as much
 * as one that is found when training patches are cut around lesions.
 *
 * <p>Without it every lesion gets the same share of patches, so a kind of lesion the network has not yet learned
 * (hypodense lesions in the liver, say, against mostly bright ones) is as rare in training as it was at the start,
 * and a run can end without ever finding it.
 */
public final class HardLesions {

    /** How many of a slice's proposals, best first, a lesion must be found among not to count as missed. */
    public static final int TOP = 8;

    /** The weight of a missed lesion; a found one weighs 1. */
    public static final double MISSED_WEIGHT = 3;

    /** A proposal finds a lesion at this IoU or more. */
    public static final double FOUND_IOU = 0.5;

    private HardLesions() {}

    /**
     * Each lesion's weight: {@link #MISSED_WEIGHT} when none of the first {@link #TOP} proposals {@link #found finds}
     * it, otherwise 1.
     *
     * @param proposals the slice's proposals, best first
     * @param lesions the slice's lesions, in the same pixels as the proposals
     */
    public static double[] weights(List<Proposal> proposals, List<BoundingBox> lesions) {
        requireNonNull(proposals, "proposals");
        requireNonNull(lesions, "lesions");
        List<Proposal> top = proposals.subList(0, Math.min(TOP, proposals.size()));
        double[] weights = new double[lesions.size()];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = found(top, lesions.get(i)) ? 1 : MISSED_WEIGHT;
        }
        return weights;
    }

    /** Whether some proposal finds the lesion: covers it with IoU >= 0.5, as the DeepLesion evaluation matches. */
    public static boolean found(List<Proposal> proposals, BoundingBox lesion) {
        requireNonNull(lesion, "lesion");
        return proposals.stream().anyMatch(p -> p.box().iou(lesion) >= FOUND_IOU);
    }

    /** True when {@code weight} is that of a missed lesion. */
    public static boolean missed(double weight) {
        return weight > 1;
    }

    /**
     * How many patches to cut from a slice whose share of the epoch's patches is {@code share} times the mean: the
     * expected count is {@code patchesPerImage * share}, rounded up or down at random so that the epoch keeps its
     * size on average.
     */
    public static int patches(int patchesPerImage, double share, Random random) {
        requireNonNull(random, "random");
        if (!(share >= 0) || Double.isInfinite(share)) {
            throw new IllegalArgumentException("a slice's patch share must be finite and >= 0, was " + share);
        }
        double expected = patchesPerImage * share;
        int whole = (int) Math.floor(expected);
        return whole + (random.nextDouble() < expected - whole ? 1 : 0);
    }

    /** An index in [0, weights.length) drawn with probability proportional to its weight. */
    public static int choose(double[] weights, Random random) {
        requireNonNull(weights, "weights");
        requireNonNull(random, "random");
        double total = 0;
        for (double w : weights) {
            if (!(w >= 0) || Double.isInfinite(w)) {
                throw new IllegalArgumentException(
                        "lesion weights must be finite and >= 0, were " + Arrays.toString(weights));
            }
            total += w;
        }
        if (!(total > 0)) {
            throw new IllegalArgumentException("at least one lesion weight must be > 0");
        }
        double at = random.nextDouble() * total;
        for (int i = 0; i < weights.length; i++) {
            at -= weights[i];
            if (at < 0) {
                return i;
            }
        }
        return weights.length - 1;
    }
}
