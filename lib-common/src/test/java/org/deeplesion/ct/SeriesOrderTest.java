package org.deeplesion.ct;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SeriesOrderTest {

    private record Slice(String sopInstanceUid, int frameIndex, Integer instanceNumber, double positionMm)
            implements SlicePlace {}

    @Test
    void aHeadFirstSeriesKeepsInstanceOneFirst() {
        Slice first = new Slice("1.1", 0, 1, 100);
        Slice second = new Slice("1.2", 0, 2, 97.5);
        Slice third = new Slice("1.3", 0, 3, 95);

        assertThat(SeriesOrder.ordered(List.of(third, first, second))).containsExactly(first, second, third);
    }

    @Test
    void aFeetFirstSeriesAscendsInPosition() {
        Slice first = new Slice("1.1", 0, 1, -5);
        Slice second = new Slice("1.2", 0, 2, 0);
        Slice third = new Slice("1.3", 0, 3, 5);

        assertThat(SeriesOrder.ordered(List.of(second, third, first))).containsExactly(first, second, third);
    }

    @Test
    void withoutInstanceNumbersPositionsAscend() {
        Slice low = new Slice("1.9", 0, null, 1);
        Slice high = new Slice("1.1", 0, null, 4);
        Slice onlyNumbered = new Slice("1.5", 0, 7, 2);

        assertThat(SeriesOrder.ordered(List.of(high, onlyNumbered, low))).containsExactly(low, onlyNumbered, high);
    }

    @Test
    void slicesAtOnePositionAreOrderedByInstanceThenFrame() {
        Slice bFrame1 = new Slice("1.b", 1, null, 10);
        Slice bFrame0 = new Slice("1.b", 0, null, 10);
        Slice a = new Slice("1.a", 3, null, 10);

        assertThat(SeriesOrder.ordered(List.of(bFrame1, a, bFrame0))).containsExactly(a, bFrame0, bFrame1);
    }

    @Test
    void theIntervalIsTheMedianStepBetweenDistinctPositions() {
        List<Slice> ordered = List.of(
                new Slice("1", 0, null, 0),
                new Slice("2", 0, null, 2.5),
                new Slice("3", 0, null, 2.5),
                new Slice("4", 0, null, 5),
                new Slice("5", 0, null, 10));

        assertThat(SeriesOrder.sliceIntervalMm(ordered)).isEqualTo(2.5);
    }

    @Test
    void anEvenNumberOfStepsAveragesTheMiddleTwo() {
        List<Slice> ordered = List.of(
                new Slice("1", 0, null, 0),
                new Slice("2", 0, null, 1),
                new Slice("3", 0, null, 3),
                new Slice("4", 0, null, 6),
                new Slice("5", 0, null, 10));

        assertThat(SeriesOrder.sliceIntervalMm(ordered)).isEqualTo(2.5);
    }

    @Test
    void aSeriesAtASinglePositionHasNoInterval() {
        assertThat(SeriesOrder.sliceIntervalMm(List.of(new Slice("1", 0, null, 3))))
                .isNull();
        assertThat(SeriesOrder.sliceIntervalMm(List.of(new Slice("1", 0, null, 3), new Slice("1", 1, null, 3))))
                .isNull();
    }
}
