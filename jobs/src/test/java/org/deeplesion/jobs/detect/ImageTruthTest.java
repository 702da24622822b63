package org.deeplesion.jobs.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.deeplesion.detect.SeriesBookmark;
import org.deeplesion.recist.BoundingBox;
import org.junit.jupiter.api.Test;

class ImageTruthTest {

    private static BoundingBox box(double x) {
        return new BoundingBox(x, x + 1, x + 10, x + 12);
    }

    @Test
    void everyListOfBoxesComesBackFromTheBroadcastArraysInItsPlace() {
        ImageTruth full = new ImageTruth(
                List.of(box(1), box(2)),
                List.of(1, 0),
                List.of(box(3)),
                List.of(box(4), box(5)),
                List.of(box(6), box(7), box(8)));
        ImageTruth partsOnly = new ImageTruth(List.of(box(9)), List.of(2), List.of(), List.of(), List.of(box(10)));
        ImageTruth ignoreOnly = new ImageTruth(List.of(), List.of(), List.of(), List.of(box(11)), List.of());

        HashMap<String, double[]> encoded = ImageTruth.encode(Map.of("1.1", full, "1.2", partsOnly, "1.3", ignoreOnly));

        assertThat(ImageTruth.decode(encoded.get("1.1"))).isEqualTo(full);
        assertThat(ImageTruth.decode(encoded.get("1.2"))).isEqualTo(partsOnly);
        assertThat(ImageTruth.decode(encoded.get("1.3"))).isEqualTo(ignoreOnly);
        assertThat(ImageTruth.decode(null)).isNull();
    }

    @Test
    void farPartsAreTheLesionsReachingTheSliceFromBeyondTheSectionReach() {
        // The key slice at 0 mm; lesions 40 mm long bookmarked 5 mm away (within 0.25 of it) and 15 mm away (beyond).
        SeriesBookmark key = new SeriesBookmark("key", 0, 20, box(100));
        SeriesBookmark near = new SeriesBookmark("near", 5, 40, box(200));
        SeriesBookmark far = new SeriesBookmark("far", 15, 40, box(300));
        List<SeriesBookmark> series = List.of(key, near, far);
        ImageTruth truth = new ImageTruth(
                List.of(key.box()),
                List.of(0),
                SeriesBookmark.sectionsOn("key", 0, series, 0.25),
                SeriesBookmark.ignoredOn("key", 0, series),
                SeriesBookmark.sectionsOn("key", 0, series, SeriesBookmark.MAX_REACH));

        assertThat(truth.sections())
                .containsExactly(near.sectionOn("key", 0, 0.25).orElseThrow());
        assertThat(truth.parts()).hasSize(2);
        assertThat(truth.farParts())
                .containsExactly(
                        far.sectionOn("key", 0, SeriesBookmark.MAX_REACH).orElseThrow());
        assertThat(truth.proposalBoxes()).doesNotContainAnyElementsOf(truth.farParts());
    }
}
