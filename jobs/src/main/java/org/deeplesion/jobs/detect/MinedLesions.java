package org.deeplesion.jobs.detect;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.deeplesion.recist.BoundingBox;

/**
 * Lesions that self-training found on training key slices and nobody bookmarked, with the class its teacher gave
 * each: training counts them as lesions beside the bookmarked ones.
 *
 * @param teacher the model that found them, or null for none
 * @param boxes key slice (SOP Instance UID) to boxes in slice pixels
 * @param labels key slice to each box's 1-based class label
 */
record MinedLesions(String teacher, Map<String, List<BoundingBox>> boxes, Map<String, List<Integer>> labels) {

    static final MinedLesions NONE = new MinedLesions(null, Map.of(), Map.of());

    MinedLesions {
        boxes = Map.copyOf(requireNonNull(boxes, "boxes"));
        labels = Map.copyOf(requireNonNull(labels, "labels"));
        if (!boxes.keySet().equals(labels.keySet())) {
            throw new IllegalArgumentException("mined boxes and labels name different slices");
        }
    }

    int count() {
        return boxes.values().stream().mapToInt(List::size).sum();
    }

    /** The truths with the mined lesions added to their key slices; slices without truth gain nothing. */
    Map<String, ImageTruth> addTo(Map<String, ImageTruth> truths) {
        if (boxes.isEmpty()) {
            return truths;
        }
        Map<String, ImageTruth> out = new HashMap<>(truths);
        boxes.forEach((image, found) -> {
            ImageTruth t = out.get(image);
            if (t == null) {
                return;
            }
            List<BoundingBox> all = new ArrayList<>(t.boxes());
            List<Integer> classes = new ArrayList<>(t.labels());
            all.addAll(found);
            classes.addAll(labels.get(image));
            out.put(image, new ImageTruth(all, classes, t.sections(), t.ignore(), t.parts()));
        });
        return out;
    }
}
