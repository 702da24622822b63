package org.deeplesion.detect;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.deeplesion.recist.BoundingBox;

/**
 * Greedy non-maximum suppression: walking detections from the highest score down, a detection is kept unless its
 * IoU with an already kept detection exceeds the threshold. Detections on different images never suppress each
 * other. A detection at exactly the threshold is kept, as in the Faster R-CNN reference code.
 */
public final class Nms {

    private static final int ANY_CLASS = -1;

    private Nms() {}

    /** Class-agnostic: a box suppresses overlapping boxes of any class, as for region proposals. */
    public static List<Detection> suppress(List<Detection> detections, double iouThreshold) {
        return suppress(detections, iouThreshold, false);
    }

    /** Per class: a box suppresses only boxes of its own class, as for final multi-class detections. */
    public static List<Detection> suppressPerClass(List<Detection> detections, double iouThreshold) {
        return suppress(detections, iouThreshold, true);
    }

    /** One image's proposals: at most {@code limit} kept, in {@link Proposal#BY_SCORE} order. */
    public static List<Proposal> suppressProposals(List<Proposal> proposals, double iouThreshold, int limit) {
        requireNonNull(proposals, "proposals");
        checkThreshold(iouThreshold);
        List<Proposal> ranked = new ArrayList<>(proposals);
        ranked.sort(Proposal.BY_SCORE);
        List<Proposal> kept = new ArrayList<>();
        List<BoundingBox> keptBoxes = new ArrayList<>();
        for (Proposal candidate : ranked) {
            if (kept.size() >= limit) {
                break;
            }
            if (!overlapsAny(candidate.box(), keptBoxes, iouThreshold)) {
                keptBoxes.add(candidate.box());
                kept.add(candidate);
            }
        }
        return kept;
    }

    /** The kept detections in {@link Detection#BY_SCORE} order. */
    private static List<Detection> suppress(List<Detection> detections, double iouThreshold, boolean perClass) {
        requireNonNull(detections, "detections");
        checkThreshold(iouThreshold);
        List<Detection> ranked = new ArrayList<>(detections);
        ranked.sort(Detection.BY_SCORE);
        Map<Group, List<BoundingBox>> keptByGroup = new HashMap<>();
        List<Detection> kept = new ArrayList<>();
        for (Detection candidate : ranked) {
            Group group = new Group(candidate.imageKey(), perClass ? candidate.classIndex() : ANY_CLASS);
            List<BoundingBox> rivals = keptByGroup.computeIfAbsent(group, g -> new ArrayList<>());
            if (!overlapsAny(candidate.box(), rivals, iouThreshold)) {
                rivals.add(candidate.box());
                kept.add(candidate);
            }
        }
        return kept;
    }

    private static void checkThreshold(double iouThreshold) {
        if (!(iouThreshold >= 0 && iouThreshold <= 1)) {
            throw new IllegalArgumentException("NMS IoU threshold must lie in [0, 1], was " + iouThreshold);
        }
    }

    private static boolean overlapsAny(BoundingBox candidate, List<BoundingBox> kept, double iouThreshold) {
        for (BoundingBox k : kept) {
            if (k.iou(candidate) > iouThreshold) {
                return true;
            }
        }
        return false;
    }

    /** The detections that compete with each other: one image, and one class or {@link #ANY_CLASS}. */
    private record Group(String imageKey, int classIndex) {}
}
