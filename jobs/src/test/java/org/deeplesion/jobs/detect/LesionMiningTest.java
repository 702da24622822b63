package org.deeplesion.jobs.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.deeplesion.evaluation.GroundTruthBox;
import org.deeplesion.jobs.detect.LesionMining.Found;
import org.deeplesion.jobs.detect.LesionMining.Place;
import org.deeplesion.recist.BoundingBox;
import org.junit.jupiter.api.Test;

/** Which detections self-training takes for lesions nobody bookmarked, on slices laid out by hand. */
class LesionMiningTest {

    private static final BoundingBox BOOKMARK = new BoundingBox(100, 100, 130, 130);
    private static final BoundingBox ELSEWHERE = new BoundingBox(300, 200, 320, 222);
    /** The same lesion one slice on: a little smaller. */
    private static final BoundingBox ELSEWHERE_NEXT = new BoundingBox(302, 202, 318, 220);

    /** Series s1 at 0, 5 (the key slice, with one bookmark) and 10 mm; series s2 at 5 mm. */
    private static final Map<String, Place> PLACES = Map.of(
            "1.1", new Place("s1", 0),
            "1.2", new Place("s1", 5),
            "1.3", new Place("s1", 10),
            "2.1", new Place("s2", 5));

    private static final Map<String, ImageTruth> TRUTH =
            Map.of("1.2", new ImageTruth(List.of(BOOKMARK), List.of(1), List.of(), List.of(), List.of()));

    @Test
    void aDetectionAwayFromTheBookmarksThatANeighbourSliceFindsAgainIsMinedWithItsClass() {
        LesionMining.Selection s = LesionMining.select(
                "teacher",
                TRUTH,
                PLACES,
                List.of(new Found("1.2", ELSEWHERE, 0.95, 2), new Found("1.3", ELSEWHERE_NEXT, 0.92, 2)));

        assertThat(s.candidates()).isEqualTo(1);
        assertThat(s.mined().boxes()).containsExactly(Map.entry("1.2", List.of(ELSEWHERE)));
        assertThat(s.mined().labels()).containsExactly(Map.entry("1.2", List.of(3)));
        assertThat(s.mined().teacher()).isEqualTo("teacher");
    }

    @Test
    void aDetectionNoNeighbourSliceConfirmsIsACandidateButNotMined() {
        LesionMining.Selection s = LesionMining.select(
                "teacher",
                TRUTH,
                PLACES,
                List.of(
                        new Found("1.2", ELSEWHERE, 0.95, 0),
                        new Found("1.3", new BoundingBox(10, 10, 30, 30), 0.95, 0),
                        // The same place, but in another series.
                        new Found("2.1", ELSEWHERE_NEXT, 0.95, 0)));

        assertThat(s.candidates()).isEqualTo(1);
        assertThat(s.mined().count()).isZero();
    }

    @Test
    void theBookmarkedLesionFoundAgainIsNotACandidate() {
        LesionMining.Selection s = LesionMining.select(
                "teacher",
                TRUTH,
                PLACES,
                List.of(
                        new Found("1.2", new BoundingBox(104, 102, 132, 131), 0.99, 0),
                        new Found("1.1", BOOKMARK, 0.99, 0)));

        assertThat(s.candidates()).isZero();
        assertThat(s.mined().count()).isZero();
    }

    @Test
    void minedLesionsAreCheckedAgainstTheCompleteTruthOfTheirSlice() {
        MinedLesions mined = new MinedLesions(
                "teacher",
                Map.of("1.2", List.of(ELSEWHERE, new BoundingBox(0, 0, 20, 20))),
                Map.of("1.2", List.of(1, 1)));
        List<GroundTruthBox> complete = List.of(
                new GroundTruthBox("1.2", BOOKMARK, 0),
                new GroundTruthBox("1.2", new BoundingBox(299, 199, 321, 223), 0),
                new GroundTruthBox("1.2", new BoundingBox(400, 400, 420, 420), 0),
                // The same box on another slice does not count.
                new GroundTruthBox("1.1", new BoundingBox(0, 0, 20, 20), 0));

        assertThat(LesionMining.trueLesions(mined, complete)).isEqualTo(1);
        assertThat(LesionMining.unbookmarked(TRUTH, complete))
                .as("two on the key slice besides the bookmark")
                .isEqualTo(2);
    }

    @Test
    void minedLesionsJoinTheBookmarksOfTheirKeySlice() {
        MinedLesions mined = new MinedLesions("teacher", Map.of("1.2", List.of(ELSEWHERE)), Map.of("1.2", List.of(1)));

        ImageTruth t = mined.addTo(TRUTH).get("1.2");

        assertThat(t.boxes()).containsExactly(BOOKMARK, ELSEWHERE);
        assertThat(t.labels()).containsExactly(1, 1);
    }

    @Test
    void aTeacherWithOtherClassesGivesASingleClassStudentItsClassAndOthersNone() {
        List<Found> found = List.of(new Found("1.2", ELSEWHERE, 0.95, 3));

        assertThat(LesionMining.relabelled(found, List.of("a", "b", "c", "d"), List.of("a", "b", "c", "d")))
                .extracting(Found::classIndex)
                .containsExactly(3);
        assertThat(LesionMining.relabelled(found, List.of("a", "b", "c", "d"), List.of("lesion")))
                .extracting(Found::classIndex)
                .containsExactly(0);
        assertThat(LesionMining.relabelled(found, List.of("a", "b", "c", "d"), List.of("x", "y")))
                .extracting(Found::classIndex)
                .containsExactly(-1);
    }
}
