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
     * The boxes of every lesion on the given slices, keyed by SOP Instance UID, classed by
     * {@link LesionClasses#of(org.deeplesion.release.CoarseLesionType) coarse type}. Slices of other cohorts
     * simply have no boxes.
     */
    public static List<GroundTruthBox> on(CohortTruth truth, Collection<String> sopInstanceUids) {
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
                BoundingBox box = slice.sliceIndex() == lesion.keySlice()
                        ? lesion.deepLesionBox()
                        : padded(slice.box(), series.get(lesion.seriesInstanceUid()), lesion);
                out.add(new GroundTruthBox(slice.sopInstanceUid(), box, LesionClasses.of(lesion.coarseType())));
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
