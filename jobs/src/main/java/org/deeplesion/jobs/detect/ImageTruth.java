package org.deeplesion.jobs.detect;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.deeplesion.recist.BoundingBox;

/**
 * What training knows about one key slice, boxes on the original slice.
 *
 * @param boxes the lesions bookmarked on this slice
 * @param labels each lesion's class label, 1-based, or 0 when it has none (it then trains only the proposals)
 * @param sections the likely boxes of lesions bookmarked on slices close enough to be lesions here too
 *     ({@link org.deeplesion.detect.SeriesBookmark#sectionOn}): the proposal network learns them as lesions without
 *     a class; among the ignore boxes for the region classifier
 * @param ignore lesions bookmarked on nearby slices of the series that reach into this one: never background
 * @param parts the likely boxes of those lesions on this slice, wherever they reach it
 *     ({@link org.deeplesion.detect.SeriesBookmark#sectionOn} to the lesion's end): the region classifier's
 *     {@linkplain org.deeplesion.detect.RegionSample#part parts} when training gives them a lesion probability;
 *     empty when it does not
 */
record ImageTruth(
        List<BoundingBox> boxes,
        List<Integer> labels,
        List<BoundingBox> sections,
        List<BoundingBox> ignore,
        List<BoundingBox> parts) {

    ImageTruth {
        boxes = List.copyOf(boxes);
        labels = List.copyOf(labels);
        sections = List.copyOf(sections);
        ignore = List.copyOf(ignore);
        parts = List.copyOf(parts);
        if (boxes.size() != labels.size()) {
            throw new IllegalArgumentException(boxes.size() + " boxes but " + labels.size() + " labels");
        }
    }

    /** Every box the proposal network learns here: the bookmarks, then the sections. */
    List<BoundingBox> proposalBoxes() {
        List<BoundingBox> all = new ArrayList<>(boxes);
        all.addAll(sections);
        return all;
    }

    /** The class labels of {@link #proposalBoxes}: the bookmarks' own, then 0 for each section, which has none. */
    List<Integer> proposalLabels() {
        List<Integer> all = new ArrayList<>(labels);
        all.addAll(Collections.nCopies(sections.size(), 0));
        return all;
    }

    /**
     * The truths as plain arrays for a Spark broadcast (Kryo cannot build records): per image the box count, then
     * x1, y1, x2, y2, label per box, the section count, the sections' corners, the ignore box count, the ignore
     * boxes' corners, then the parts' corners.
     */
    static HashMap<String, double[]> encode(Map<String, ImageTruth> truths) {
        HashMap<String, double[]> out = new HashMap<>();
        truths.forEach((image, t) -> {
            double[] v =
                    new double[3 + 5 * t.boxes.size() + 4 * (t.sections.size() + t.ignore.size() + t.parts.size())];
            v[0] = t.boxes.size();
            int at = 1;
            for (int i = 0; i < t.boxes.size(); i++) {
                BoundingBox b = t.boxes.get(i);
                v[at++] = b.x1();
                v[at++] = b.y1();
                v[at++] = b.x2();
                v[at++] = b.y2();
                v[at++] = t.labels.get(i);
            }
            v[at++] = t.sections.size();
            at = putCorners(v, at, t.sections);
            v[at++] = t.ignore.size();
            at = putCorners(v, at, t.ignore);
            putCorners(v, at, t.parts);
            out.put(image, v);
        });
        return out;
    }

    /** The inverse of one image's {@link #encode} entry; null for null. */
    static ImageTruth decode(double[] v) {
        if (v == null) {
            return null;
        }
        int n = (int) v[0];
        List<BoundingBox> boxes = new ArrayList<>(n);
        List<Integer> labels = new ArrayList<>(n);
        int at = 1;
        for (int i = 0; i < n; i++, at += 5) {
            boxes.add(new BoundingBox(v[at], v[at + 1], v[at + 2], v[at + 3]));
            labels.add((int) v[at + 4]);
        }
        int m = (int) v[at++];
        List<BoundingBox> sections = corners(v, at, m);
        at += 4 * m;
        int k = (int) v[at++];
        List<BoundingBox> ignore = corners(v, at, k);
        at += 4 * k;
        List<BoundingBox> parts = corners(v, at, (v.length - at) / 4);
        return new ImageTruth(boxes, labels, sections, ignore, parts);
    }

    /** Writes the boxes' corners from {@code at}; returns the index after them. */
    private static int putCorners(double[] v, int at, List<BoundingBox> boxes) {
        for (BoundingBox b : boxes) {
            v[at++] = b.x1();
            v[at++] = b.y1();
            v[at++] = b.x2();
            v[at++] = b.y2();
        }
        return at;
    }

    /** The {@code count} boxes whose corners start at {@code at}. */
    private static List<BoundingBox> corners(double[] v, int at, int count) {
        List<BoundingBox> out = new ArrayList<>(count);
        for (int i = at; i < at + 4 * count; i += 4) {
            out.add(new BoundingBox(v[i], v[i + 1], v[i + 2], v[i + 3]));
        }
        return out;
    }
}
