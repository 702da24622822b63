package org.deeplesion.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.deeplesion.recist.BoundingBox;
import org.junit.jupiter.api.Test;

class AnchorFittingTest {

    private static BoundingBox box(double x, double y, double width, double height) {
        return new BoundingBox(x, y, x + width - 1, y + height - 1);
    }

    /** Boxes of the given sizes, n of each, scattered over a 512 x 512 image. */
    private static List<BoundingBox> boxes(int n, long seed, double[]... sizes) {
        Random random = new Random(seed);
        List<BoundingBox> boxes = new ArrayList<>();
        for (double[] size : sizes) {
            for (int i = 0; i < n; i++) {
                boxes.add(box(random.nextInt(400), random.nextInt(400), size[0], size[1]));
            }
        }
        return boxes;
    }

    @Test
    void centredIouComparesSizesOnly() {
        assertThat(new AnchorSize(10, 10).iou(new AnchorSize(10, 10))).isEqualTo(1.0);
        // 20 x 10 and 10 x 20 share a 10 x 10 square: 100 / (200 + 200 - 100).
        assertThat(new AnchorSize(20, 10).iou(new AnchorSize(10, 20))).isCloseTo(1.0 / 3, within(1e-12));
    }

    @Test
    void anchorCentredOnAPointHasThatCentreAndSize() {
        BoundingBox anchor = new AnchorSize(16, 8).centredAt(11.5, 20);

        assertThat(anchor.width()).isEqualTo(16);
        assertThat(anchor.height()).isEqualTo(8);
        assertThat(anchor.centre().x()).isEqualTo(11.5);
        assertThat(anchor.centre().y()).isEqualTo(20);
    }

    @Test
    void oneAnchorIsTheMeanSize() {
        List<BoundingBox> boxes = List.of(box(0, 0, 10, 20), box(5, 5, 30, 40), box(9, 1, 20, 60));

        AnchorFit fit = AnchorFitting.fit(boxes, 1, 1);

        assertThat(fit.anchors()).containsExactly(new AnchorSize(20, 40));
    }

    @Test
    void separatedSizeGroupsEachGetTheirOwnAnchor() {
        List<BoundingBox> boxes = boxes(30, 5, new double[] {60, 30}, new double[] {12, 12}, new double[] {200, 180});

        AnchorFit fit = AnchorFitting.fit(boxes, 3, 42);

        assertThat(fit.anchors())
                .containsExactly(new AnchorSize(12, 12), new AnchorSize(60, 30), new AnchorSize(200, 180));
        assertThat(fit.meanIou()).isEqualTo(1.0);
    }

    @Test
    void shapesOfEqualAreaAreTeasedApart() {
        // Tall and wide boxes of one area: a size-blind clustering could not tell them apart.
        List<BoundingBox> boxes = boxes(20, 9, new double[] {40, 10}, new double[] {10, 40});

        AnchorFit fit = AnchorFitting.fit(boxes, 2, 3);

        assertThat(fit.anchors()).containsExactly(new AnchorSize(10, 40), new AnchorSize(40, 10));
    }

    @Test
    void anchorsAreSortedByAreaAndCoverNoisyBoxesWell() {
        Random random = new Random(17);
        List<BoundingBox> boxes = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            double scale = Math.exp(random.nextGaussian() * 0.6) * 25;
            boxes.add(box(
                    random.nextInt(300),
                    random.nextInt(300),
                    1 + scale * (0.7 + 0.6 * random.nextDouble()),
                    1 + scale * (0.7 + 0.6 * random.nextDouble())));
        }

        AnchorFit three = AnchorFitting.fit(boxes, 3, 1);
        AnchorFit six = AnchorFitting.fit(boxes, 6, 1);

        assertThat(six.anchors()).hasSize(6);
        assertThat(six.anchors()).isSortedAccordingTo((a, b) -> Double.compare(a.area(), b.area()));
        assertThat(six.meanIou()).isGreaterThan(three.meanIou()).isLessThan(1);
    }

    @Test
    void sameSeedGivesSameAnchors() {
        Random random = new Random(23);
        List<BoundingBox> boxes = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            boxes.add(box(0, 0, 5 + random.nextInt(80), 5 + random.nextInt(80)));
        }

        assertThat(AnchorFitting.fit(boxes, 5, 99)).isEqualTo(AnchorFitting.fit(boxes, 5, 99));
    }

    @Test
    void moreAnchorsThanDistinctSizesIsRejected() {
        List<BoundingBox> boxes = List.of(box(0, 0, 10, 10), box(50, 50, 10, 10), box(0, 0, 20, 10));

        assertThatThrownBy(() -> AnchorFitting.fit(boxes, 3, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2 distinct sizes");
    }

    @Test
    void nonPositiveAnchorCountIsRejected() {
        assertThatThrownBy(() -> AnchorFitting.fit(List.of(box(0, 0, 5, 5)), 0, 1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
