package org.deeplesion.recist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class BoundingBoxTest {

    private static final RecistMeasurement MEASUREMENT = RecistMeasurement.twoAxes(
            new PixelPoint(100, 200), new PixelPoint(120, 210),
            new PixelPoint(112, 198.5), new PixelPoint(108, 211.5));

    @Test
    void deepLesionBoxIsTheEndpointExtentPaddedByFivePixels() {
        BoundingBox box = BoundingBox.fromRecist(MEASUREMENT, 512, 512);

        assertThat(box).isEqualTo(new BoundingBox(95, 193.5, 125, 216.5));
    }

    @Test
    void paddingIsConfigurable() {
        assertThat(BoundingBox.fromRecist(MEASUREMENT, 0, 512, 512)).isEqualTo(new BoundingBox(100, 198.5, 120, 211.5));
    }

    @Test
    void paddedBoxIsClippedToTheImage() {
        RecistMeasurement nearCorner = RecistMeasurement.twoAxes(
                new PixelPoint(2, 1), new PixelPoint(30, 3), new PixelPoint(16, 0), new PixelPoint(15, 61));

        assertThat(BoundingBox.fromRecist(nearCorner, 64, 32)).isEqualTo(new BoundingBox(0, 0, 31, 63));
    }

    @Test
    void widthAndHeightCountPixelsInclusively() {
        BoundingBox box = new BoundingBox(2, 3, 4, 3);

        assertThat(box.width()).isEqualTo(3);
        assertThat(box.height()).isEqualTo(1);
        assertThat(box.area()).isEqualTo(3);
    }

    @Test
    void identicalBoxesHaveIouOne() {
        BoundingBox box = new BoundingBox(10, 10, 19, 29);

        assertThat(box.iou(box)).isEqualTo(1.0);
    }

    @Test
    void disjointBoxesHaveIouZero() {
        assertThat(new BoundingBox(0, 0, 9, 9).iou(new BoundingBox(10, 0, 19, 9)))
                .isZero();
    }

    @Test
    void halfShiftedBoxesHaveIouOneThird() {
        // 10 x 10 boxes sharing 5 x 10 pixels: 50 / (100 + 100 - 50).
        assertThat(new BoundingBox(0, 0, 9, 9).iou(new BoundingBox(5, 0, 14, 9)))
                .isCloseTo(1.0 / 3, within(1e-12));
    }

    @Test
    void boxesSharingOneColumnOverlapByThatColumn() {
        // Inclusive extents: x 0..4 and 4..8 share column 4, 5 pixels of 45.
        assertThat(new BoundingBox(0, 0, 4, 4).iou(new BoundingBox(4, 0, 8, 4))).isCloseTo(5.0 / 45, within(1e-12));
    }

    @Test
    void containmentIsInclusive() {
        BoundingBox box = new BoundingBox(0, 0, 10, 10);

        assertThat(box.contains(new PixelPoint(10, 0))).isTrue();
        assertThat(box.contains(new PixelPoint(10.5, 0))).isFalse();
        assertThat(box.contains(new BoundingBox(2, 2, 10, 10))).isTrue();
    }

    @Test
    void invertedCornersAreRejected() {
        assertThatThrownBy(() -> new BoundingBox(5, 0, 4, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("x1 <= x2");
    }

    @Test
    void measurementOutsideTheImageIsRejected() {
        RecistMeasurement outside = RecistMeasurement.longAxisOnly(new PixelPoint(100, 100), new PixelPoint(110, 100));

        assertThatThrownBy(() -> BoundingBox.fromRecist(outside, 0, 64, 64))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("outside");
    }
}
