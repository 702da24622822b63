package org.deeplesion.detect;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import org.deeplesion.recist.BoundingBox;

/**
 * Fits anchor sizes to training boxes by k-means over (width, height) with distance 1 - IoU, as YOLOv2 does: a
 * Euclidean distance would let large boxes dominate, while 1 - IoU weighs a 4-pixel error on a small lesion as
 * heavily as a 40-pixel error on a large one.
 *
 * <p>Centres start by k-means++ seeding and move to the mean size of their members. The result depends only on the
 * boxes, their order and the seed.
 */
public final class AnchorFitting {

    private static final int MAX_ITERATIONS = 300;

    private AnchorFitting() {}

    /**
     * @throws IllegalArgumentException when k is not positive or the boxes have fewer than k distinct sizes
     */
    public static AnchorFit fit(List<BoundingBox> boxes, int k, long seed) {
        requireNonNull(boxes, "boxes");
        if (k <= 0) {
            throw new IllegalArgumentException("anchor count must be positive, was " + k);
        }
        AnchorSize[] sizes = boxes.stream().map(AnchorSize::of).toArray(AnchorSize[]::new);
        int distinct = new LinkedHashSet<>(Arrays.asList(sizes)).size();
        if (distinct < k) {
            throw new IllegalArgumentException(
                    "cannot fit " + k + " anchors to " + boxes.size() + " boxes with " + distinct + " distinct sizes");
        }
        AnchorSize[] centres = seed(sizes, k, new Random(seed));
        int[] assignment = new int[sizes.length];
        Arrays.fill(assignment, -1);
        for (int iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
            if (!assign(sizes, centres, assignment)) {
                break;
            }
            update(sizes, centres, assignment);
        }
        List<AnchorSize> anchors = new ArrayList<>(Arrays.asList(centres));
        anchors.sort(Comparator.comparingDouble(AnchorSize::area).thenComparingDouble(AnchorSize::width));
        return new AnchorFit(anchors, meanBestIou(sizes, centres));
    }

    /** k-means++: each further centre is drawn with probability proportional to its squared distance. */
    private static AnchorSize[] seed(AnchorSize[] sizes, int k, Random random) {
        AnchorSize[] centres = new AnchorSize[k];
        centres[0] = sizes[random.nextInt(sizes.length)];
        double[] weight = new double[sizes.length];
        for (int c = 1; c < k; c++) {
            double total = 0;
            for (int i = 0; i < sizes.length; i++) {
                double d = 1 - bestIou(sizes[i], centres, c);
                weight[i] = d * d;
                total += weight[i];
            }
            double target = random.nextDouble() * total;
            // Sizes equal to a centre weigh 0 and are never drawn, so no centre repeats; the last size with weight
            // takes a draw that rounding pushed past the end.
            int chosen = -1;
            for (int i = 0; i < sizes.length; i++) {
                if (weight[i] > 0) {
                    chosen = i;
                    if (target < weight[i]) {
                        break;
                    }
                    target -= weight[i];
                }
            }
            centres[c] = sizes[chosen];
        }
        return centres;
    }

    /** Assigns each size to its nearest centre, the lowest index on ties; true when any assignment changed. */
    private static boolean assign(AnchorSize[] sizes, AnchorSize[] centres, int[] assignment) {
        boolean changed = false;
        for (int i = 0; i < sizes.length; i++) {
            int best = 0;
            double bestIou = -1;
            for (int c = 0; c < centres.length; c++) {
                double iou = sizes[i].iou(centres[c]);
                if (iou > bestIou) {
                    bestIou = iou;
                    best = c;
                }
            }
            if (assignment[i] != best) {
                assignment[i] = best;
                changed = true;
            }
        }
        return changed;
    }

    /** Moves each centre to its members' mean size; an empty cluster takes the size its centre covers worst. */
    private static void update(AnchorSize[] sizes, AnchorSize[] centres, int[] assignment) {
        double[] sumW = new double[centres.length];
        double[] sumH = new double[centres.length];
        int[] count = new int[centres.length];
        for (int i = 0; i < sizes.length; i++) {
            sumW[assignment[i]] += sizes[i].width();
            sumH[assignment[i]] += sizes[i].height();
            count[assignment[i]]++;
        }
        for (int c = 0; c < centres.length; c++) {
            if (count[c] > 0) {
                centres[c] = new AnchorSize(sumW[c] / count[c], sumH[c] / count[c]);
            }
        }
        for (int c = 0; c < centres.length; c++) {
            if (count[c] == 0) {
                centres[c] = worstCovered(sizes, centres);
            }
        }
    }

    private static AnchorSize worstCovered(AnchorSize[] sizes, AnchorSize[] centres) {
        AnchorSize worst = sizes[0];
        double worstIou = Double.POSITIVE_INFINITY;
        for (AnchorSize size : sizes) {
            double iou = bestIou(size, centres, centres.length);
            if (iou < worstIou) {
                worstIou = iou;
                worst = size;
            }
        }
        return worst;
    }

    private static double bestIou(AnchorSize size, AnchorSize[] centres, int count) {
        double best = 0;
        for (int c = 0; c < count; c++) {
            best = Math.max(best, size.iou(centres[c]));
        }
        return best;
    }

    private static double meanBestIou(AnchorSize[] sizes, AnchorSize[] centres) {
        double sum = 0;
        for (AnchorSize size : sizes) {
            sum += bestIou(size, centres, centres.length);
        }
        return sum / sizes.length;
    }
}
