package org.deeplesion.detect;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Greedy non-maximum suppression: walking detections from the highest score down, a detection is kept unless its
 * IoU with an already kept detection exceeds the threshold. Detections on different images never suppress each
 * other. A detection at exactly the threshold is kept, as in the Faster R-CNN reference code.
 */
public final class Nms {

    private static final int ANY_CLASS = -1;

    private Nms() {
    }

    /** Class-agnostic: a box suppresses overlapping boxes of any class, as for region proposals. */
    public static List<Detection> suppress(List<Detection> detections, double iouThreshold) {
        return suppress(detections, iouThreshold, false);
    }

    /** Per class: a box suppresses only boxes of its own class, as for final multi-class detections. */
    public static List<Detection> suppressPerClass(List<Detection> detections, double iouThreshold) {
        return suppress(detections, iouThreshold, true);
    }

    /** The kept detections in {@link Detection#BY_SCORE} order. */
    private static List<Detection> suppress(List<Detection> detections, double iouThreshold, boolean perClass) {
        requireNonNull(detections, "detections");
        if (!(iouThreshold >= 0 && iouThreshold <= 1)) {
            throw new IllegalArgumentException("NMS IoU threshold must lie in [0, 1], was " + iouThreshold);
        }
        List<Detection> ranked = new ArrayList<>(detections);
        ranked.sort(Detection.BY_SCORE);
        Map<Group, List<Detection>> keptByGroup = new HashMap<>();
        List<Detection> kept = new ArrayList<>();
        for (Detection candidate : ranked) {
            Group group = new Group(candidate.imageKey(), perClass ? candidate.classIndex() : ANY_CLASS);
            List<Detection> rivals = keptByGroup.computeIfAbsent(group, g -> new ArrayList<>());
            if (!overlapsAny(candidate, rivals, iouThreshold)) {
                rivals.add(candidate);
                kept.add(candidate);
            }
        }
        return kept;
    }

    private static boolean overlapsAny(Detection candidate, List<Detection> kept, double iouThreshold) {
        for (Detection k : kept) {
            if (k.box().iou(candidate.box()) > iouThreshold) {
                return true;
            }
        }
        return false;
    }

    /** The detections that compete with each other: one image, and one class or {@link #ANY_CLASS}. */
    private record Group(String imageKey, int classIndex) {
    }
}
