package org.deeplesion.recist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LesionIdsTest {

    private static final String IMAGE = "1.2.3.4";
    private static final RecistMeasurement MEASUREMENT = RecistMeasurement.twoAxes(
            new PixelPoint(10, 20), new PixelPoint(30, 20), new PixelPoint(20, 15), new PixelPoint(20, 25));

    @Test
    void idIsTheStartOfTheSha256OfUidFrameAndEndpointsInHundredthsOfAPixel() {
        // python3: hashlib.sha256(b"1.2.3.4\n1\n1000,2000;3000,2000\n2000,1500;2000,2500").hexdigest()[:24]
        assertThat(LesionIds.of(IMAGE, 1, MEASUREMENT)).isEqualTo("30ca87a95f290ef2f87a26ae");
    }

    @Test
    void oneAxisMeasurementHashesADashForTheShortAxis() {
        RecistMeasurement node = RecistMeasurement.longAxisOnly(new PixelPoint(10, 20), new PixelPoint(30, 20));

        // python3: hashlib.sha256(b"1.2.3.4\n1\n1000,2000;3000,2000\n-").hexdigest()[:24]
        assertThat(LesionIds.of(IMAGE, 1, node)).isEqualTo("64480277c9535aed019ac0bf");
    }

    @Test
    void sameBookmarkGivesTheSameId() {
        RecistMeasurement copy = RecistMeasurement.twoAxes(
                new PixelPoint(10, 20), new PixelPoint(30, 20), new PixelPoint(20, 15), new PixelPoint(20, 25));

        assertThat(LesionIds.of(IMAGE, 1, copy))
                .isEqualTo(LesionIds.of(IMAGE, 1, MEASUREMENT))
                .hasSize(24)
                .matches("[0-9a-f]{24}");
    }

    @Test
    void movingAnEndpointByATenthOfAPixelChangesTheId() {
        RecistMeasurement moved = MEASUREMENT.translated(0.1, 0);

        assertThat(LesionIds.of(IMAGE, 1, moved)).isNotEqualTo(LesionIds.of(IMAGE, 1, MEASUREMENT));
    }

    @Test
    void jitterOfAThousandthOfAPixelKeepsTheId() {
        RecistMeasurement jittered = RecistMeasurement.twoAxes(
                new PixelPoint(10.001, 19.999),
                new PixelPoint(29.999, 20.001),
                new PixelPoint(20.001, 15.001),
                new PixelPoint(19.999, 24.999));

        assertThat(LesionIds.of(IMAGE, 1, jittered)).isEqualTo(LesionIds.of(IMAGE, 1, MEASUREMENT));
    }

    @Test
    void axisDrawnInTheOtherDirectionKeepsTheId() {
        RecistMeasurement reversed = RecistMeasurement.twoAxes(
                new PixelPoint(30, 20), new PixelPoint(10, 20), new PixelPoint(20, 25), new PixelPoint(20, 15));

        assertThat(LesionIds.of(IMAGE, 1, reversed)).isEqualTo(LesionIds.of(IMAGE, 1, MEASUREMENT));
    }

    @Test
    void otherImageOrFrameChangesTheId() {
        String id = LesionIds.of(IMAGE, 1, MEASUREMENT);

        assertThat(LesionIds.of("1.2.3.5", 1, MEASUREMENT)).isNotEqualTo(id);
        assertThat(LesionIds.of(IMAGE, 2, MEASUREMENT)).isNotEqualTo(id);
    }

    @Test
    void blankUidIsRejected() {
        assertThatThrownBy(() -> LesionIds.of(" ", 1, MEASUREMENT)).isInstanceOf(IllegalArgumentException.class);
    }
}
