package org.deeplesion.ct;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A network input for a key slice: three channels, the series at the key position and one interval below and above
 * it, each resampled onto one grid (box-filtered where the grid is coarser) and windowed onto [0, 1]. Series differ in slice interval (0.6 to 5 mm); a fixed
 * interval in millimetres gives every image the same depth context, as the DeepLesion detectors (3DCE, MULAN) do.
 */
public final class SliceStack {

    public static final int CHANNELS = 3;

    private SliceStack() {
    }

    /**
     * The channels, channel by channel, each row by row on the grid. A position between two slices blends them
     * linearly by distance; beyond the series' ends the end slice stands in, since air there would show the network a
     * lesion cut off where the scan merely stopped.
     *
     * @param series slices of one series, in any order, each rows x columns
     * @throws IllegalArgumentException when the series is empty, a slice has the wrong pixel count or the interval
     *     is not positive
     */
    public static float[] keyAndNeighbours(List<SeriesSlice> series, int rows, int columns, double keyPositionMm,
            double intervalMm, SamplingGrid grid, Window window) {
        requireNonNull(series, "series");
        requireNonNull(grid, "grid");
        requireNonNull(window, "window");
        if (series.isEmpty()) {
            throw new IllegalArgumentException("series has no slices");
        }
        if (!(intervalMm > 0) || Double.isInfinite(intervalMm)) {
            throw new IllegalArgumentException("slice interval must be positive and finite, was " + intervalMm);
        }
        if (!Double.isFinite(keyPositionMm)) {
            throw new IllegalArgumentException("key position must be finite, was " + keyPositionMm);
        }
        List<SeriesSlice> sorted = new ArrayList<>(series);
        sorted.sort(Comparator.comparingDouble(SeriesSlice::positionMm));
        double[] positions = sorted.stream().mapToDouble(SeriesSlice::positionMm).toArray();
        Map<Integer, float[]> sampled = new HashMap<>();
        int plane = grid.rows() * grid.columns();
        float[] out = new float[CHANNELS * plane];
        for (int channel = 0; channel < CHANNELS; channel++) {
            SliceBlend blend = SliceBlend.at(positions, keyPositionMm + (channel - 1) * intervalMm);
            double t = blend.weight();
            float[] lower = sampled.computeIfAbsent(blend.below(), i -> sample(sorted.get(i), rows, columns, grid));
            float[] upper = t == 0 ? lower
                    : sampled.computeIfAbsent(blend.above(), i -> sample(sorted.get(i), rows, columns, grid));
            for (int p = 0; p < plane; p++) {
                out[channel * plane + p] = window.toUnit(lower[p] + (upper[p] - lower[p]) * t);
            }
        }
        return out;
    }

    private static float[] sample(SeriesSlice slice, int rows, int columns, SamplingGrid grid) {
        return Resampler.sampleAveraged(slice.hu(), rows, columns, grid);
    }
}
