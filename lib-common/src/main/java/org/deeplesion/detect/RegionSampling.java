package org.deeplesion.detect;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.deeplesion.recist.BoundingBox;

/**
 * Chooses the region classifier's training examples on one image: every lesion's own box and jittered copies of it,
 * the proposals that found a lesion (IoU >= {@value #POSITIVE_IOU}), and as background proposals that found nothing
 * (IoU < {@value #NEGATIVE_IOU} with every lesion), drawn at random, plus boxes anywhere in the image.
 *
 * <p>Each lesion also gets loosely jittered copies that miss it (IoU {@value #LOOSE_MIN_IOU} to
 * {@value #POSITIVE_IOU}) as {@linkplain RegionSample#refinementOnly refinement-only} examples. Those are the
 * proposals the refinement must mend: a proposal centred on a lesion but of the wrong size, which counts as no
 * detection until the refinement brings it to IoU 0.5. Trained only on boxes that already fit (the lesion's own and
 * copies within IoU 0.5), the refinement never saw one; it is not taught their class, since such a box is neither
 * a lesion nor background.
 *
 * <p>Usually only one lesion of an image is bookmarked. A proposal on an unbookmarked lesion would teach the
 * classifier that lesions are background, so proposals that overlap an <em>ignore</em> box are not used as
 * background; the caller passes as ignore boxes the lesions bookmarked on nearby slices of the same series, which
 * reach into this slice. That does not cover a lesion bookmarked nowhere, which a good proposal network ranks
 * among its best proposals that match no bookmark: background proposals are therefore drawn at random rather than
 * best first (the "hard negatives" of Faster R-CNN). Compared on the same validation slices, best-first negatives
 * taught a classifier that ranked the validation lesions far below the proposals (sensitivity 0.04 at 4 false
 * positives per image on its own score, the proposals' 0.19); random ones, with a few boxes anywhere, one that
 * ranked them as the proposals do (0.19).
 */
public final class RegionSampling {

    public static final double POSITIVE_IOU = 0.5;
    public static final double NEGATIVE_IOU = 0.3;
    /** The smallest IoU with its lesion of a loosely jittered, refinement-only copy. */
    public static final double LOOSE_MIN_IOU = 0.25;

    private static final int JITTERED_COPIES = 2;
    private static final int LOOSE_COPIES = 3;
    private static final int PROPOSALS_PER_LESION = 2;
    /** One background region in this many is a box anywhere in the image rather than a proposal. */
    private static final int ANYWHERE_EVERY = 4;

    private static final int ANYWHERE_TRIES = 20;

    private RegionSampling() {}

    /**
     * @param truth lesion boxes in image pixels
     * @param labels each lesion's label, 1-based (0 is background)
     * @param ignore boxes never used as background
     * @param proposals the proposal network's boxes on this image
     * @param negatives this many background regions, a quarter of them (rounded down) anywhere in the image, fewer
     *     where too few proposals or places are free of lesions
     */
    public static List<RegionSample> sample(
            DetectorImage image,
            List<BoundingBox> truth,
            List<Integer> labels,
            List<BoundingBox> ignore,
            List<Proposal> proposals,
            int negatives,
            DetectorGeometry geometry,
            Random random) {
        return sample(image, truth, labels, ignore, List.of(), 0, proposals, negatives, geometry, random);
    }

    /**
     * The same, with sections of lesions measured on other slices as {@linkplain RegionSample#part parts}: each
     * part's box, its jittered copies and the proposals that found it are lesions with {@code partProbability}, and
     * no part is background.
     *
     * @param parts the likely boxes of lesions measured on other slices of the series, in image pixels
     * @param partProbability their lesion probability, in (0, 1); 0 leaves them out of the class loss (ignore boxes)
     */
    public static List<RegionSample> sample(
            DetectorImage image,
            List<BoundingBox> truth,
            List<Integer> labels,
            List<BoundingBox> ignore,
            List<BoundingBox> parts,
            double partProbability,
            List<Proposal> proposals,
            int negatives,
            DetectorGeometry geometry,
            Random random) {
        requireNonNull(image, "image");
        requireNonNull(ignore, "ignore");
        requireNonNull(parts, "parts");
        requireNonNull(proposals, "proposals");
        if (!(partProbability >= 0 && partProbability < 1)) {
            throw new IllegalArgumentException("a part's lesion probability must be in [0, 1), was " + partProbability);
        }
        if (truth.size() != labels.size()) {
            throw new IllegalArgumentException(truth.size() + " lesions but " + labels.size() + " labels");
        }
        List<RegionSample> out = new ArrayList<>();
        for (int t = 0; t < truth.size(); t++) {
            BoundingBox lesion = truth.get(t);
            int label = labels.get(t);
            Function<BoundingBox, RegionSample> example = box -> positive(image, box, lesion, label, geometry);
            ownAndJittered(lesion, example, random, out);
            for (int j = 0; j < LOOSE_COPIES; j++) {
                BoundingBox loose = jitter(lesion, 0.6, Math.log(1.6), random);
                double iou = loose.iou(lesion);
                if (iou >= LOOSE_MIN_IOU && iou < POSITIVE_IOU) {
                    out.add(RegionSample.refinementOnly(
                            RegionClassifier.region(image, loose, geometry),
                            BoxCoder.REFINEMENT.encode(loose, lesion)));
                }
            }
            proposalsOn(lesion, proposals, example, out);
        }
        if (partProbability > 0) {
            for (BoundingBox part : parts) {
                Function<BoundingBox, RegionSample> example = box -> RegionSample.part(
                        RegionClassifier.region(image, box, geometry),
                        BoxCoder.REFINEMENT.encode(box, part),
                        partProbability);
                ownAndJittered(part, example, random, out);
                proposalsOn(part, proposals, example, out);
            }
        }
        List<BoundingBox> avoid = new ArrayList<>(truth);
        avoid.addAll(ignore);
        avoid.addAll(parts);
        List<BoundingBox> background = new ArrayList<>();
        for (Proposal p : proposals) {
            if (maxIou(p.box(), avoid) < NEGATIVE_IOU) {
                background.add(p.box());
            }
        }
        Collections.shuffle(background, random);
        int anywhere = negatives / ANYWHERE_EVERY;
        List<BoundingBox> chosen =
                new ArrayList<>(background.subList(0, Math.min(background.size(), negatives - anywhere)));
        List<BoundingBox> sizes = proposals.isEmpty()
                ? truth
                : proposals.stream().map(Proposal::box).toList();
        chosen.addAll(anywhere(image, avoid, sizes, negatives - chosen.size(), random));
        for (BoundingBox box : chosen) {
            out.add(new RegionSample(RegionClassifier.region(image, box, geometry), 0, null));
        }
        return out;
    }

    /**
     * Up to {@code count} boxes placed at random in the image, each the size of a random box of {@code sizes}, none
     * overlapping a box of {@code avoid} with IoU >= {@value #NEGATIVE_IOU}.
     */
    static List<BoundingBox> anywhere(
            DetectorImage image, List<BoundingBox> avoid, List<BoundingBox> sizes, int count, Random random) {
        List<BoundingBox> out = new ArrayList<>();
        if (sizes.isEmpty()) {
            return out;
        }
        for (int tries = 0; out.size() < count && tries < count * ANYWHERE_TRIES; tries++) {
            BoundingBox like = sizes.get(random.nextInt(sizes.size()));
            double w = Math.min(like.width(), image.width());
            double h = Math.min(like.height(), image.height());
            double x1 = random.nextDouble() * (image.width() - w);
            double y1 = random.nextDouble() * (image.height() - h);
            BoundingBox box = BoundingBox.ofSize(x1, y1, w, h);
            if (maxIou(box, avoid) < NEGATIVE_IOU) {
                out.add(box);
            }
        }
        return out;
    }

    private static RegionSample positive(
            DetectorImage image, BoundingBox box, BoundingBox lesion, int label, DetectorGeometry geometry) {
        return new RegionSample(
                RegionClassifier.region(image, box, geometry), label, BoxCoder.REFINEMENT.encode(box, lesion));
    }

    /** The target's own box and its jittered copies that still fit it (IoU >= {@value #POSITIVE_IOU}). */
    private static void ownAndJittered(
            BoundingBox target, Function<BoundingBox, RegionSample> example, Random random, List<RegionSample> out) {
        out.add(example.apply(target));
        for (int j = 0; j < JITTERED_COPIES; j++) {
            BoundingBox jittered = jitter(target, 0.3, Math.log(1.25), random);
            if (jittered.iou(target) >= POSITIVE_IOU) {
                out.add(example.apply(jittered));
            }
        }
    }

    /** The first proposals that found the target (IoU >= {@value #POSITIVE_IOU}), at most two. */
    private static void proposalsOn(
            BoundingBox target,
            List<Proposal> proposals,
            Function<BoundingBox, RegionSample> example,
            List<RegionSample> out) {
        int found = 0;
        for (Proposal p : proposals) {
            if (found < PROPOSALS_PER_LESION && p.box().iou(target) >= POSITIVE_IOU) {
                out.add(example.apply(p.box()));
                found++;
            }
        }
    }

    /**
     * The box moved by up to {@code shift / 2} of its size each way and each side scaled by up to
     * {@code exp(logScale)} either way: (0.3, log 1.25) keeps a copy near the lesion, (0.6, log 1.6) lets it miss.
     */
    private static BoundingBox jitter(BoundingBox box, double shift, double logScale, Random random) {
        double w = box.width();
        double h = box.height();
        double cx = (box.x1() + box.x2()) / 2 + (random.nextDouble() - 0.5) * shift * w;
        double cy = (box.y1() + box.y2()) / 2 + (random.nextDouble() - 0.5) * shift * h;
        double nw = Math.max(1, w * Math.exp((random.nextDouble() - 0.5) * 2 * logScale));
        double nh = Math.max(1, h * Math.exp((random.nextDouble() - 0.5) * 2 * logScale));
        return new BoundingBox(cx - (nw - 1) / 2, cy - (nh - 1) / 2, cx + (nw - 1) / 2, cy + (nh - 1) / 2);
    }

    private static double maxIou(BoundingBox box, List<BoundingBox> others) {
        double best = 0;
        for (BoundingBox o : others) {
            best = Math.max(best, box.iou(o));
        }
        return best;
    }
}
