package org.deeplesion.ct;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SliceStackTest {

    /** Window [-100, 100]: HU maps to (HU + 100) / 200. */
    private static final Window WINDOW = new Window(0, 200);

    private static final SamplingGrid IDENTITY = new SamplingGrid(0, 0, 1, 1, 2, 2);

    private static SeriesSlice uniform(double positionMm, int hu) {
        short[] pixels = new short[4];
        Arrays.fill(pixels, (short) hu);
        return new SeriesSlice(positionMm, pixels);
    }

    private static float channel(float[] stack, int channel) {
        return stack[channel * 4];
    }

    @Test
    void channelsAreTheSliceBelowTheKeyAndAboveWindowedOntoTheUnitInterval() {
        // Listed out of order on purpose: the stack sorts by position.
        List<SeriesSlice> series = List.of(uniform(4, 50), uniform(0, -50), uniform(2, 0));

        float[] stack = SliceStack.keyAndNeighbours(series, 2, 2, 2, 2, IDENTITY, WINDOW);

        assertThat(stack).hasSize(3 * 4);
        assertThat(channel(stack, 0)).isCloseTo(0.25f, within(1e-6f));
        assertThat(channel(stack, 1)).isCloseTo(0.5f, within(1e-6f));
        assertThat(channel(stack, 2)).isCloseTo(0.75f, within(1e-6f));
    }

    @Test
    void neighbourBetweenSlicesBlendsThemByDistance() {
        // 5 mm slices, 2 mm interval: the slice above the key lies 2/5 of the way to the next slice.
        List<SeriesSlice> series = List.of(uniform(0, -100), uniform(5, 0), uniform(10, 100));

        float[] stack = SliceStack.keyAndNeighbours(series, 2, 2, 5, 2, IDENTITY, WINDOW);

        assertThat(channel(stack, 0)).isCloseTo((float) ((-100 * 0.4 + 0 * 0.6) + 100) / 200, within(1e-6f));
        assertThat(channel(stack, 2)).isCloseTo((float) ((100 * 0.4) + 100) / 200, within(1e-6f));
    }

    @Test
    void beyondTheSeriesTheEndSliceStandsIn() {
        List<SeriesSlice> series = List.of(uniform(0, -20), uniform(3, 60));

        float[] atTop = SliceStack.keyAndNeighbours(series, 2, 2, 3, 2, IDENTITY, WINDOW);
        float[] atBottom = SliceStack.keyAndNeighbours(series, 2, 2, 0, 2, IDENTITY, WINDOW);

        assertThat(channel(atTop, 2)).isEqualTo(channel(atTop, 1));
        assertThat(channel(atBottom, 0)).isEqualTo(channel(atBottom, 1));
    }

    @Test
    void valuesOutsideTheWindowAreClamped() {
        List<SeriesSlice> series = List.of(uniform(0, -1000), uniform(1, 1000));

        float[] stack = SliceStack.keyAndNeighbours(series, 2, 2, 0, 1, IDENTITY, WINDOW);

        assertThat(channel(stack, 1)).isZero();
        assertThat(channel(stack, 2)).isEqualTo(1f);
    }

    @Test
    void everyChannelIsResampledOntoTheGrid() {
        // A 2 x 2 slice with one bright pixel, sampled on a one-pixel grid off the image: air, windowed to 0.
        SamplingGrid offImage = new SamplingGrid(-5, -5, 1, 1, 1, 1);

        float[] stack = SliceStack.keyAndNeighbours(List.of(uniform(0, 100)), 2, 2, 0, 1, offImage, WINDOW);

        assertThat(stack).containsExactly(0f, 0f, 0f);
    }

    @Test
    void onlyTheSlicesAroundEachChannelAreBlended() {
        double[] positions = {0, 2, 4, 6, 8, 10};

        // Channels at 1, 4 and 7 mm: 0 and 2 around the first, 4 alone, 6 and 8 around the last.
        assertThat(SliceStack.blendedPositions(positions, 4, 3)).containsExactly(0, 2, 4, 6, 8);
    }

    @Test
    void beyondTheSeriesOnlyTheEndSliceIsBlended() {
        double[] positions = {0, 5, 10, 15};

        assertThat(SliceStack.blendedPositions(positions, 15, 5)).containsExactly(10, 15);
    }

    @Test
    void theBlendedSlicesAloneStackAsTheWholeSeries() {
        double[] positions = {0, 1.5, 3, 4.5, 6, 7.5, 9};
        List<float[]> planes = new ArrayList<>();
        for (double p : positions) {
            planes.add(new float[] {(float) (10 * p - 40), (float) (40 - 10 * p)});
        }
        double[] needed = SliceStack.blendedPositions(positions, 4.5, 2);
        List<float[]> neededPlanes = new ArrayList<>();
        for (double p : needed) {
            neededPlanes.add(planes.get(Arrays.binarySearch(positions, p)));
        }

        assertThat(SliceStack.fromResampled(needed, neededPlanes, 4.5, 2, WINDOW))
                .isEqualTo(SliceStack.fromResampled(positions, planes, 4.5, 2, WINDOW));
    }

    @Test
    void emptySeriesIsRejected() {
        assertThatThrownBy(() -> SliceStack.keyAndNeighbours(List.of(), 2, 2, 0, 1, IDENTITY, WINDOW))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no slices");
    }

    @Test
    void nonPositiveIntervalIsRejected() {
        assertThatThrownBy(() -> SliceStack.keyAndNeighbours(List.of(uniform(0, 0)), 2, 2, 0, 0, IDENTITY, WINDOW))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("interval");
    }
}
