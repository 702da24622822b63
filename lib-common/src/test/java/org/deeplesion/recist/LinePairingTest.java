package org.deeplesion.recist;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.deeplesion.recist.LinePairing.Line;
import org.junit.jupiter.api.Test;

class LinePairingTest {

    private static final Line HORIZONTAL = line(0, 0, 20, 0);

    @Test
    void lineCrossingTwoOthersPairsWithTheMorePerpendicular() {
        // Crosses the horizontal line at atan(10 / 1.8) = 79.8 degrees, within tolerance but less square than A.
        Line oblique = line(4.1, -5, 5.9, 5);
        Line square = line(10, -5, 10, 5);

        List<RecistMeasurement> paired = LinePairing.pair(List.of(HORIZONTAL, oblique, square));

        assertThat(paired)
                .containsExactly(
                        RecistMeasurement.twoAxes(HORIZONTAL.start(), HORIZONTAL.end(), square.start(), square.end()),
                        RecistMeasurement.longAxisOnly(oblique.start(), oblique.end()));
    }

    @Test
    void linesCrossingAtSixtyDegreesStayApart() {
        Line sixty = line(5, -5 * Math.sqrt(3), 15, 5 * Math.sqrt(3));

        List<RecistMeasurement> paired = LinePairing.pair(List.of(HORIZONTAL, sixty));

        assertThat(paired)
                .allSatisfy(m -> assertThat(m.hasShortAxis()).isFalse())
                .hasSize(2);
    }

    @Test
    void linesCrossingAtSeventyOneDegreesArePaired() {
        // tan(71 degrees) = 2.904, so the line rises 2.904 per column.
        double dx = 5 / Math.tan(Math.toRadians(71));
        Line seventyOne = line(10 - dx, -5, 10 + dx, 5);

        List<RecistMeasurement> paired = LinePairing.pair(List.of(HORIZONTAL, seventyOne));

        assertThat(paired)
                .singleElement()
                .satisfies(m -> assertThat(m.hasShortAxis()).isTrue());
    }

    @Test
    void equallyLongAxesKeepTheFirstDrawnAsLongAxis() {
        Line vertical = line(10, -10, 10, 10);

        List<RecistMeasurement> paired = LinePairing.pair(List.of(vertical, HORIZONTAL));

        assertThat(paired)
                .containsExactly(RecistMeasurement.twoAxes(
                        vertical.start(), vertical.end(), HORIZONTAL.start(), HORIZONTAL.end()));
    }

    @Test
    void axesWithinAHundredthOfAPixelCountAsEquallyLong() {
        Line slightlyShorter = line(10, -9.998, 10, 9.998);

        List<RecistMeasurement> paired = LinePairing.pair(List.of(slightlyShorter, HORIZONTAL));

        assertThat(paired)
                .singleElement()
                .satisfies(m -> assertThat(m.longStart()).isEqualTo(slightlyShorter.start()));
    }

    @Test
    void axisLongerByATenthOfAPixelIsTheLongAxisWhereverItWasDrawn() {
        Line shorter = line(10, -9.95, 10, 9.95);

        List<RecistMeasurement> paired = LinePairing.pair(List.of(shorter, HORIZONTAL));

        assertThat(paired)
                .singleElement()
                .satisfies(m -> assertThat(m.longStart()).isEqualTo(HORIZONTAL.start()));
    }

    private static Line line(double x1, double y1, double x2, double y2) {
        return new Line(new PixelPoint(x1, y1), new PixelPoint(x2, y2));
    }
}
