package org.deeplesion.recist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RecistMeasurementTest {

    /** Long axis along a 3-4-5 triangle, short axis perpendicular through (13, 14). */
    private static final RecistMeasurement MEASUREMENT = RecistMeasurement.twoAxes(
            new PixelPoint(10, 10), new PixelPoint(16, 18),
            new PixelPoint(17, 11), new PixelPoint(9, 17));

    @Test
    void diametersInPixelsAreTheEndpointDistances() {
        assertThat(MEASUREMENT.longDiameterPx()).isEqualTo(10.0);
        assertThat(MEASUREMENT.shortDiameterPx()).isEqualTo(10.0);
    }

    @Test
    void diametersInMillimetresScaleEachAxisByItsSpacing() {
        RecistMeasurement horizontal = RecistMeasurement.twoAxes(
                new PixelPoint(0, 0), new PixelPoint(10, 0), new PixelPoint(5, -2), new PixelPoint(5, 2));
        PixelSpacing spacing = new PixelSpacing(0.5, 2.0);

        assertThat(horizontal.longDiameterMm(spacing)).isEqualTo(5.0);
        assertThat(horizontal.shortDiameterMm(spacing)).isEqualTo(8.0);
        assertThat(MEASUREMENT.longDiameterMm(new PixelSpacing(0.5, 0.25))).isCloseTo(Math.hypot(3, 2), within(1e-12));
    }

    @Test
    void perpendicularAxesMeetAtNinetyDegrees() {
        assertThat(MEASUREMENT.angleBetweenAxesDegrees()).isCloseTo(90, within(1e-9));
        assertThat(MEASUREMENT.isPerpendicular(0.5)).isTrue();
    }

    @Test
    void obliqueAxesAreNotPerpendicular() {
        RecistMeasurement oblique = RecistMeasurement.twoAxes(
                new PixelPoint(0, 0), new PixelPoint(10, 0), new PixelPoint(4, -3), new PixelPoint(6, 3));

        assertThat(oblique.angleBetweenAxesDegrees()).isCloseTo(Math.toDegrees(Math.atan2(6, 2)), within(1e-9));
        assertThat(oblique.isPerpendicular(5)).isFalse();
    }

    @Test
    void axesThatIntersectCross() {
        assertThat(MEASUREMENT.axesCross()).isTrue();
    }

    @Test
    void axesThatTouchAtAnEndpointCross() {
        RecistMeasurement touching = RecistMeasurement.twoAxes(
                new PixelPoint(0, 0), new PixelPoint(10, 0), new PixelPoint(5, 0), new PixelPoint(5, 4));

        assertThat(touching.axesCross()).isTrue();
    }

    @Test
    void shortAxisBesideTheLongAxisDoesNotCross() {
        RecistMeasurement apart = RecistMeasurement.twoAxes(
                new PixelPoint(0, 0), new PixelPoint(10, 0), new PixelPoint(12, -2), new PixelPoint(12, 2));

        assertThat(apart.axesCross()).isFalse();
    }

    @Test
    void oneAxisMeasurementHasNoShortDiameter() {
        RecistMeasurement node = RecistMeasurement.longAxisOnly(new PixelPoint(1, 1), new PixelPoint(4, 5));

        assertThat(node.hasShortAxis()).isFalse();
        assertThat(node.longDiameterPx()).isEqualTo(5.0);
        assertThat(node.isPerpendicular(1)).isFalse();
        assertThatThrownBy(node::shortDiameterPx)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("one-axis");
    }

    @Test
    void shortAxisNeedsBothEndpoints() {
        assertThatThrownBy(() ->
                        new RecistMeasurement(new PixelPoint(0, 0), new PixelPoint(1, 1), new PixelPoint(0, 1), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("both endpoints");
    }

    @Test
    void translationMovesEveryEndpoint() {
        RecistMeasurement moved = MEASUREMENT.translated(1, -2);

        assertThat(moved.longStart()).isEqualTo(new PixelPoint(11, 8));
        assertThat(moved.shortEnd()).isEqualTo(new PixelPoint(10, 15));
        assertThat(moved.longDiameterPx()).isEqualTo(MEASUREMENT.longDiameterPx());
    }

    @Test
    void pointsMustBeFinite() {
        assertThatThrownBy(() -> new PixelPoint(Double.NaN, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("finite");
    }
}
