package org.deeplesion.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.deeplesion.recist.BoundingBox;
import org.junit.jupiter.api.Test;

class SeriesBookmarkTest {

    private static final BoundingBox BOX = new BoundingBox(10, 10, 30, 30);

    @Test
    void aLesionReachesSlicesWithinHalfItsLongDiameter() {
        SeriesBookmark lesion = new SeriesBookmark("key", 50, 20, BOX);

        assertThat(lesion.reachesInto("near", 59.9)).isTrue();
        assertThat(lesion.reachesInto("near", 40.1)).isTrue();
        assertThat(lesion.reachesInto("edge", 60)).isFalse();
        assertThat(lesion.reachesInto("far", 35)).isFalse();
    }

    @Test
    void aLesionIsNeverIgnoredOnItsOwnKeySlice() {
        assertThat(new SeriesBookmark("key", 50, 20, BOX).reachesInto("key", 50))
                .isFalse();
    }

    @Test
    void theIgnoreBoxesOfASliceAreTheBoxesOfTheLesionsReachingIntoIt() {
        BoundingBox nearBox = new BoundingBox(40, 40, 60, 60);
        BoundingBox farBox = new BoundingBox(70, 70, 80, 80);
        List<SeriesBookmark> series = List.of(
                new SeriesBookmark("own", 100, 30, BOX),
                new SeriesBookmark("near", 110, 30, nearBox),
                new SeriesBookmark("far", 140, 10, farBox));

        assertThat(SeriesBookmark.ignoredOn("own", 100, series)).containsExactly(nearBox);
    }

    @Test
    void nearItsKeySliceALesionsSectionIsItsBoxShrunkAsAnEllipsoidsAboutTheSameCentre() {
        SeriesBookmark lesion = new SeriesBookmark("key", 50, 20, BOX);
        // 4 mm from the centre of a lesion 20 mm long: scale sqrt(1 - 0.4^2); the 5 px padding is kept.
        double half = 5 * Math.sqrt(1 - 0.16) + 5;

        BoundingBox section = lesion.sectionOn("near", 54, 0.25).orElseThrow();

        assertThat(section.x1()).isCloseTo(20 - half, within(1e-9));
        assertThat(section.y1()).isCloseTo(20 - half, within(1e-9));
        assertThat(section.x2()).isCloseTo(20 + half, within(1e-9));
        assertThat(section.y2()).isCloseTo(20 + half, within(1e-9));
        assertThat(lesion.sectionOn("near", 46, 0.25)).contains(section);
    }

    @Test
    void aLesionHasNoSectionOnItsKeySliceBeyondTheReachOrWithoutOne() {
        SeriesBookmark lesion = new SeriesBookmark("key", 50, 20, BOX);

        assertThat(lesion.sectionOn("key", 50, 0.25)).isEmpty();
        assertThat(lesion.sectionOn("edge", 55, 0.25)).isEmpty();
        assertThat(lesion.sectionOn("near", 51, 0)).isEmpty();
        assertThat(lesion.sectionOn("edge", 55, 0.5)).isPresent();
    }

    @Test
    void theSectionsOfASliceComeFromTheLesionsBookmarkedNearbyInItsSeries() {
        List<SeriesBookmark> series = List.of(
                new SeriesBookmark("own", 100, 30, BOX),
                new SeriesBookmark("near", 105, 30, new BoundingBox(40, 40, 60, 60)),
                new SeriesBookmark("far", 112, 30, new BoundingBox(70, 70, 80, 80)));

        List<BoundingBox> sections = SeriesBookmark.sectionsOn("own", 100, series, 0.25);

        assertThat(sections).hasSize(1);
        assertThat((sections.get(0).x1() + sections.get(0).x2()) / 2).isCloseTo(50, within(1e-9));
        assertThat(SeriesBookmark.ignoredOn("own", 100, series)).hasSize(2);
    }

    @Test
    void aReachBeyondWhereTheLesionEndsIsRejected() {
        SeriesBookmark lesion = new SeriesBookmark("key", 50, 20, BOX);

        assertThatThrownBy(() -> lesion.sectionOn("near", 51, 0.6))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("reach");
    }

    @Test
    void aBlankImageKeyIsRejected() {
        assertThatThrownBy(() -> new SeriesBookmark(" ", 0, 10, BOX))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("image key");
    }
}
