package org.deeplesion.detect;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.deeplesion.recist.BoundingBox;

/**
 * Chooses the region classifier's training examples on one image: every lesion's own box and jittered copies of it,
 * the proposals that found a lesion (IoU >= {@value #POSITIVE_IOU}), and the best-scored proposals that found
 * nothing (IoU < {@value #NEGATIVE_IOU} with every lesion) as background - the hard negatives.
 *
 * <p>Usually only one lesion of an image is bookmarked. A proposal on an unbookmarked lesion would teach the
 * classifier that lesions are background, so proposals that overlap an <em>ignore</em> box are not used as
 * background; the caller passes as ignore boxes the lesions bookmarked on nearby slices of the same series, which
 * reach into this slice.
 */
public final class RegionSampling {

    public static final double POSITIVE_IOU = 0.5;
    public static final double NEGATIVE_IOU = 0.3;
    private static final int JITTERED_COPIES = 2;
    private static final int PROPOSALS_PER_LESION = 2;

    private RegionSampling() {
    }

    /**
     * @param truth lesion boxes in image pixels
     * @param labels each lesion's label, 1-based (0 is background)
     * @param ignore boxes never used as background
     * @param proposals the proposal network's boxes on this image, best first
     * @param negatives at most this many background regions
     */
    public static List<RegionSample> sample(DetectorImage image, List<BoundingBox> truth, List<Integer> labels,
            List<BoundingBox> ignore, List<Proposal> proposals, int negatives, DetectorGeometry geometry,
            Random random) {
        requireNonNull(image, "image");
        requireNonNull(ignore, "ignore");
        requireNonNull(proposals, "proposals");
        if (truth.size() != labels.size()) {
            throw new IllegalArgumentException(truth.size() + " lesions but " + labels.size() + " labels");
        }
        List<RegionSample> out = new ArrayList<>();
        for (int t = 0; t < truth.size(); t++) {
            BoundingBox lesion = truth.get(t);
            out.add(positive(image, lesion, lesion, labels.get(t), geometry));
            for (int j = 0; j < JITTERED_COPIES; j++) {
                BoundingBox jittered = jitter(lesion, random);
                if (jittered.iou(lesion) >= POSITIVE_IOU) {
                    out.add(positive(image, jittered, lesion, labels.get(t), geometry));
                }
            }
            int found = 0;
            for (Proposal p : proposals) {
                if (found < PROPOSALS_PER_LESION && p.box().iou(lesion) >= POSITIVE_IOU) {
                    out.add(positive(image, p.box(), lesion, labels.get(t), geometry));
                    found++;
                }
            }
        }
        int background = 0;
        for (Proposal p : proposals) {
            if (background >= negatives) {
                break;
            }
            if (maxIou(p.box(), truth) < NEGATIVE_IOU && maxIou(p.box(), ignore) < NEGATIVE_IOU) {
                out.add(new RegionSample(RegionClassifier.region(image, p.box(), geometry), 0, null));
                background++;
            }
        }
        return out;
    }

    private static RegionSample positive(DetectorImage image, BoundingBox box, BoundingBox lesion, int label,
            DetectorGeometry geometry) {
        return new RegionSample(RegionClassifier.region(image, box, geometry), label,
                BoxCoder.REFINEMENT.encode(box, lesion));
    }

    /** The box moved by up to 15% of its size and scaled by 0.8 to 1.25. */
    private static BoundingBox jitter(BoundingBox box, Random random) {
        double w = box.width();
        double h = box.height();
        double cx = (box.x1() + box.x2()) / 2 + (random.nextDouble() - 0.5) * 0.3 * w;
        double cy = (box.y1() + box.y2()) / 2 + (random.nextDouble() - 0.5) * 0.3 * h;
        double nw = Math.max(1, w * Math.exp((random.nextDouble() - 0.5) * 2 * Math.log(1.25)));
        double nh = Math.max(1, h * Math.exp((random.nextDouble() - 0.5) * 2 * Math.log(1.25)));
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
