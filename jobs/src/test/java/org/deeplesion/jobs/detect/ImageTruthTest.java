package org.deeplesion.jobs.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
}
