package org.deeplesion.synth;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.deeplesion.detect.LesionClasses;
import org.deeplesion.evaluation.GroundTruthBox;
import org.deeplesion.recist.BoundingBox;

/**
 * A synthetic cohort's complete truth as evaluation boxes: every lesion that appears on an evaluated slice,
 * bookmarked or not. Only one lesion per image is usually bookmarked, so a detector that finds the others is
 * punished for it by the bookmarked truth; against this one it is not.
 *
 * <p>The boxes follow the bookmarks' convention, so that the two evaluations differ only in which lesions count:
 * on a lesion's key slice its DeepLesion box (the RECIST extent padded by 5 px, what mining makes of a bookmark,
 * and what a reader would have measured for an unbookmarked lesion); on its other slices, where nobody measures,
 * its tight box padded alike and clipped to the slice. Tight boxes would be 10 px smaller than what the detector
 * learnt to draw, and a detection that matches a bookmark would miss the same lesion in the complete truth.
 */
public final class CompleteTruth {

    private CompleteTruth() {}

    /**
     * Where a complete-truth box lies against its lesion: on the slice it was (or would have been) measured on, or
     * on another slice it reaches into, where nobody measures and where only a part of it shows. The two kinds
     * behave differently for a detector trained on measured slices, so the evaluation reports them apart.
     */
    public enum Section {
        /** The lesion's own key slice, bookmarked or not. */
        KEY_SLICE("on their key slice"),
        /** A slice the lesion reaches into, measured (if at all) on another. */
        OTHER_SLICE("reaching in from another slice");

        private final String label;

        Section(String label) {
            this.label = label;
        }

        /** What reports call the boxes of this kind. */
        public String label() {
            return label;
        }
    }

    /**
     * The boxes of every lesion on the given slices, keyed by SOP Instance UID, classed by
     * {@link LesionClasses#of(org.deeplesion.release.CoarseLesionType) coarse type}. Slices of other cohorts
     * simply have no boxes.
     */
    public static List<GroundTruthBox> on(CohortTruth truth, Collection<String> sopInstanceUids) {
        return boxes(truth, sopInstanceUids, Selection.BY_TYPE);
    }

    /**
     * The same boxes as {@link #on}, in the same order, classed by {@link Section} (its ordinal) instead of by
     * lesion type.
     */
    public static List<GroundTruthBox> bySection(CohortTruth truth, Collection<String> sopInstanceUids) {
        return boxes(truth, sopInstanceUids, Selection.BY_SECTION);
    }

    /**
     * The boxes of {@link #on} but the bookmarked lesions' on their key slices: the lesions that an evaluation
     * against the bookmarks does not ask for, and whose detections it counts as false positives.
     */
    public static List<GroundTruthBox> unbookmarked(CohortTruth truth, Collection<String> sopInstanceUids) {
        return boxes(truth, sopInstanceUids, Selection.UNBOOKMARKED);
    }

    /** Which boxes, and their classes. */
    private enum Selection {
        BY_TYPE,
        BY_SECTION,
        UNBOOKMARKED
    }

    private static List<GroundTruthBox> boxes(
            CohortTruth truth, Collection<String> sopInstanceUids, Selection selection) {
        requireNonNull(truth, "truth");
        Set<String> wanted = new HashSet<>(requireNonNull(sopInstanceUids, "sopInstanceUids"));
        Map<String, SeriesTruth> series = new HashMap<>();
        for (PatientTruth patient : truth.patients()) {
            for (StudyTruth study : patient.studies()) {
                for (SeriesTruth s : study.series()) {
                    series.put(s.seriesInstanceUid(), s);
                }
            }
        }
        List<GroundTruthBox> out = new ArrayList<>();
        for (LesionTruth lesion : truth.lesions()) {
            for (SliceBox slice : lesion.sliceBoxes()) {
                if (!wanted.contains(slice.sopInstanceUid())) {
                    continue;
                }
                boolean key = slice.sliceIndex() == lesion.keySlice();
                if (selection == Selection.UNBOOKMARKED && key && lesion.bookmarked()) {
                    continue;
                }
                BoundingBox box = key
                        ? lesion.deepLesionBox()
                        : padded(slice.box(), series.get(lesion.seriesInstanceUid()), lesion);
                int classIndex = selection == Selection.BY_SECTION
                        ? (key ? Section.KEY_SLICE : Section.OTHER_SLICE).ordinal()
                        : LesionClasses.of(lesion.coarseType());
                out.add(new GroundTruthBox(slice.sopInstanceUid(), box, classIndex));
            }
        }
        return out;
    }

    private static BoundingBox padded(BoundingBox tight, SeriesTruth series, LesionTruth lesion) {
        if (series == null) {
            throw new IllegalArgumentException("cohort truth: lesion " + lesion.lesionId() + " lies in series "
                    + lesion.seriesInstanceUid() + ", which no patient's studies hold");
        }
        double pad = BoundingBox.DEEPLESION_PADDING_PX;
        return new BoundingBox(
                Math.max(0, tight.x1() - pad),
                Math.max(0, tight.y1() - pad),
                Math.min(series.columns() - 1, tight.x2() + pad),
                Math.min(series.rows() - 1, tight.y2() + pad));
    }
}
