package org.deeplesion.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
    void aBlankImageKeyIsRejected() {
        assertThatThrownBy(() -> new SeriesBookmark(" ", 0, 10, BOX))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("image key");
    }
}
