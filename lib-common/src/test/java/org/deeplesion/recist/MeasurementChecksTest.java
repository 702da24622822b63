package org.deeplesion.recist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** On an image of 100 rows and 200 columns, pixel centres run from 0 to 199 across and 0 to 99 down. */
class MeasurementChecksTest {

    private static final int ROWS = 100;
    private static final int COLUMNS = 200;

    @Test
    void crossingAxesOnTheImageAreFine() {
        RecistMeasurement m = RecistMeasurement.twoAxes(
                new PixelPoint(10, 20), new PixelPoint(30, 20), new PixelPoint(20, 15), new PixelPoint(20, 25));

        assertThat(MeasurementChecks.problem(m, ROWS, COLUMNS)).isEmpty();
    }

    @Test
    void oneAxisMeasurementIsFine() {
        RecistMeasurement m = RecistMeasurement.longAxisOnly(new PixelPoint(10, 20), new PixelPoint(30, 20));

        assertThat(MeasurementChecks.problem(m, ROWS, COLUMNS)).isEmpty();
    }

    @Test
    void endpointsOnTheOuterEdgeOfTheBorderPixelsAreOnTheImage() {
        RecistMeasurement m = RecistMeasurement.longAxisOnly(new PixelPoint(-0.5, -0.5), new PixelPoint(199.5, 99.5));

        assertThat(MeasurementChecks.problem(m, ROWS, COLUMNS)).isEmpty();
    }

    @Test
    void endpointLeftOfTheImageIsAProblem() {
        RecistMeasurement m = RecistMeasurement.longAxisOnly(new PixelPoint(-0.51, 10), new PixelPoint(30, 10));

        assertThat(MeasurementChecks.problem(m, ROWS, COLUMNS))
                .hasValue("endpoint (-0.51, 10) lies outside the 100 x 200 image");
    }

    @Test
    void endpointBelowTheLastRowIsAProblemThoughWithinTheColumns() {
        RecistMeasurement m = RecistMeasurement.longAxisOnly(new PixelPoint(150, 10), new PixelPoint(150, 99.6));

        assertThat(MeasurementChecks.problem(m, ROWS, COLUMNS)).get().asString().contains("(150, 99.6) lies outside");
    }

    @Test
    void shortAxisEndpointBeyondTheLastColumnIsAProblem() {
        RecistMeasurement m = RecistMeasurement.twoAxes(
                new PixelPoint(190, 50), new PixelPoint(199, 50), new PixelPoint(195, 45), new PixelPoint(199.75, 55));

        assertThat(MeasurementChecks.problem(m, ROWS, COLUMNS)).get().asString().contains("(199.75, 55)");
    }

    @Test
    void zeroLengthLongAxisIsAProblem() {
        RecistMeasurement m = RecistMeasurement.longAxisOnly(new PixelPoint(5, 5), new PixelPoint(5, 5));

        assertThat(MeasurementChecks.problem(m, ROWS, COLUMNS)).hasValue("zero-length long axis at (5, 5)");
    }

    @Test
    void zeroLengthShortAxisIsAProblem() {
        RecistMeasurement m = RecistMeasurement.twoAxes(
                new PixelPoint(10, 20), new PixelPoint(30, 20), new PixelPoint(20, 20), new PixelPoint(20, 20));

        assertThat(MeasurementChecks.problem(m, ROWS, COLUMNS)).hasValue("zero-length short axis at (20, 20)");
    }

    @Test
    void shortAxisBesideTheLongAxisIsAProblem() {
        RecistMeasurement m = RecistMeasurement.twoAxes(
                new PixelPoint(10, 20), new PixelPoint(30, 20), new PixelPoint(40, 15), new PixelPoint(40, 25));

        assertThat(MeasurementChecks.problem(m, ROWS, COLUMNS))
                .hasValue("short axis (40, 15)-(40, 25) does not cross long axis (10, 20)-(30, 20)");
    }

    @Test
    void emptyImageIsRejected() {
        RecistMeasurement m = RecistMeasurement.longAxisOnly(new PixelPoint(1, 1), new PixelPoint(2, 2));

        assertThatThrownBy(() -> MeasurementChecks.problem(m, 0, COLUMNS)).isInstanceOf(IllegalArgumentException.class);
    }
}
