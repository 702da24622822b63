package org.deeplesion.synth;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.deeplesion.detect.LesionClasses;
import org.deeplesion.evaluation.GroundTruthBox;
import org.deeplesion.recist.BoundingBox;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The complete truth of a small cohort planned without pixels. */
class CompleteTruthTest {

    @TempDir
    static Path dir;

    private static CohortTruth truth;
    /** The key slices of the bookmarked lesions: what an evaluation looks at. */
    private static Set<String> keySlices;

    @BeforeAll
    static void plan() throws IOException {
        CohortGenerator.generate(
                CohortSpec.defaults(12, 3)
                        .withImageSize(64, 64)
                        .withSlicesPerSeries(5, 8)
                        .withLesionsPerSeries(2, 3),
                dir,
                Set.of());
        truth = CohortTruth.read(dir.resolve(CohortTruth.FILE_NAME));
        keySlices = truth.lesions().stream()
                .filter(LesionTruth::bookmarked)
                .map(LesionTruth::keySopInstanceUid)
                .collect(Collectors.toSet());
    }

    private static SeriesTruth seriesOf(LesionTruth lesion) {
        return truth.patients().stream()
                .flatMap(p -> p.studies().stream())
                .flatMap(s -> s.series().stream())
                .filter(s -> s.seriesInstanceUid().equals(lesion.seriesInstanceUid()))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void everyLesionOnAnEvaluatedSliceCountsBookmarkedOrNot() {
        List<GroundTruthBox> boxes = CompleteTruth.on(truth, keySlices);

        long expected = truth.lesions().stream()
                .flatMap(l -> l.sliceBoxes().stream())
                .filter(b -> keySlices.contains(b.sopInstanceUid()))
                .count();
        assertThat(boxes).hasSize((int) expected);
        long bookmarked =
                truth.lesions().stream().filter(LesionTruth::bookmarked).count();
        assertThat(boxes.size())
                .as("more lesions than bookmarks on the key slices")
                .isGreaterThan((int) bookmarked);
        assertThat(boxes).allSatisfy(b -> assertThat(keySlices).contains(b.imageKey()));
    }

    @Test
    void onItsKeySliceALesionHasItsDeepLesionBox() {
        for (LesionTruth lesion : truth.lesions()) {
            List<GroundTruthBox> boxes = CompleteTruth.on(truth, List.of(lesion.keySopInstanceUid()));

            assertThat(boxes)
                    .extracting(GroundTruthBox::box)
                    .as(lesion.lesionId())
                    .contains(lesion.deepLesionBox());
            assertThat(boxes)
                    .filteredOn(b -> b.box().equals(lesion.deepLesionBox()))
                    .extracting(GroundTruthBox::classIndex)
                    .contains(LesionClasses.of(lesion.coarseType()));
        }
    }

    @Test
    void elsewhereItsTightBoxIsPaddedAsABookmarkWouldBeAndClippedToTheSlice() {
        int checked = 0;
        for (LesionTruth lesion : truth.lesions()) {
            SeriesTruth series = seriesOf(lesion);
            for (SliceBox slice : lesion.sliceBoxes()) {
                if (slice.sliceIndex() == lesion.keySlice()) {
                    continue;
                }
                BoundingBox t = slice.box();
                BoundingBox expected = new BoundingBox(
                        Math.max(0, t.x1() - 5),
                        Math.max(0, t.y1() - 5),
                        Math.min(series.columns() - 1, t.x2() + 5),
                        Math.min(series.rows() - 1, t.y2() + 5));

                assertThat(CompleteTruth.on(truth, List.of(slice.sopInstanceUid())))
                        .extracting(GroundTruthBox::box)
                        .contains(expected);
                checked++;
            }
        }
        assertThat(checked).isPositive();
    }

    @Test
    void bySectionHasTheSameBoxesClassedByWhetherTheSliceIsTheLesionsKeySlice() {
        List<GroundTruthBox> byType = CompleteTruth.on(truth, keySlices);
        List<GroundTruthBox> bySection = CompleteTruth.bySection(truth, keySlices);

        assertThat(bySection)
                .extracting(GroundTruthBox::box)
                .containsExactlyElementsOf(
                        byType.stream().map(GroundTruthBox::box).toList());
        Set<String> keyBoxes = truth.lesions().stream()
                .filter(l -> keySlices.contains(l.keySopInstanceUid()))
                .map(l -> l.keySopInstanceUid() + " " + l.deepLesionBox())
                .collect(Collectors.toSet());
        for (GroundTruthBox b : bySection) {
            CompleteTruth.Section expected = keyBoxes.contains(b.imageKey() + " " + b.box())
                    ? CompleteTruth.Section.KEY_SLICE
                    : CompleteTruth.Section.OTHER_SLICE;
            assertThat(b.classIndex()).as(b.toString()).isEqualTo(expected.ordinal());
        }
        assertThat(bySection)
                .extracting(GroundTruthBox::classIndex)
                .contains(CompleteTruth.Section.KEY_SLICE.ordinal(), CompleteTruth.Section.OTHER_SLICE.ordinal());
    }

    @Test
    void unbookmarkedHasEveryBoxButTheBookmarkedLesionsOnTheirKeySlices() {
        List<GroundTruthBox> all = CompleteTruth.on(truth, keySlices);
        List<GroundTruthBox> unbookmarked = CompleteTruth.unbookmarked(truth, keySlices);

        List<String> bookmarks = truth.lesions().stream()
                .filter(LesionTruth::bookmarked)
                .map(l -> l.keySopInstanceUid() + " " + l.deepLesionBox())
                .toList();
        assertThat(unbookmarked).hasSize(all.size() - bookmarks.size()).isNotEmpty();
        assertThat(unbookmarked).allSatisfy(b -> assertThat(bookmarks).doesNotContain(b.imageKey() + " " + b.box()));
        assertThat(all.stream().map(b -> b.imageKey() + " " + b.box()).toList())
                .containsAll(unbookmarked.stream()
                        .map(b -> b.imageKey() + " " + b.box())
                        .toList());
    }

    @Test
    void slicesOutsideTheCohortHaveNoBoxes() {
        assertThat(CompleteTruth.on(truth, List.of("2.25.1", "2.25.2"))).isEmpty();
    }
}
