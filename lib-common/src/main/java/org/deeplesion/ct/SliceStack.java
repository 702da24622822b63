package org.deeplesion.ct;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.IntFunction;

/**
 * A network input for a key slice: three channels, the series at the key position and one interval below and above
 * it, each resampled onto one grid (box-filtered where the grid is coarser) and windowed onto [0, 1]. Series differ
 * in slice interval (0.6 to 5 mm); a fixed interval in millimetres gives every image the same depth context, as the
 * DeepLesion detectors (3DCE, MULAN) do.
 */
public final class SliceStack {

    public static final int CHANNELS = 3;

    private SliceStack() {}

    /**
     * The channels, channel by channel, each row by row on the grid. A position between two slices blends them
     * linearly by distance; beyond the series' ends the end slice stands in, since air there would show the network a
     * lesion cut off where the scan merely stopped.
     *
     * @param series slices of one series, in any order, each rows x columns
     * @throws IllegalArgumentException when the series is empty, a slice has the wrong pixel count or the interval
     *     is not positive
     */
    public static float[] keyAndNeighbours(
            List<SeriesSlice> series,
            int rows,
            int columns,
            double keyPositionMm,
            double intervalMm,
            SamplingGrid grid,
            Window window) {
        requireNonNull(series, "series");
        requireNonNull(grid, "grid");
        requireNonNull(window, "window");
        if (series.isEmpty()) {
            throw new IllegalArgumentException("series has no slices");
        }
        checkInterval(intervalMm, keyPositionMm);
        List<SeriesSlice> sorted = new ArrayList<>(series);
        sorted.sort(Comparator.comparingDouble(SeriesSlice::positionMm));
        double[] positions =
                sorted.stream().mapToDouble(SeriesSlice::positionMm).toArray();
        Map<Integer, float[]> sampled = new HashMap<>();
        return blend(
                positions,
                i -> sampled.computeIfAbsent(i, j -> sample(sorted.get(j), rows, columns, grid)),
                grid.rows() * grid.columns(),
                keyPositionMm,
                intervalMm,
                window);
    }

    /**
     * The same channels from slices already resampled onto one grid, e.g. on the executors that read them, so that
     * only the small resampled planes travel to where a key slice's neighbours meet.
     *
     * @param positionsMm the slices' positions along the series, ascending
     * @param planes each slice's HU on the grid, in the order of the positions
     */
    public static float[] fromResampled(
            double[] positionsMm, List<float[]> planes, double keyPositionMm, double intervalMm, Window window) {
        requireNonNull(positionsMm, "positionsMm");
        requireNonNull(planes, "planes");
        requireNonNull(window, "window");
        if (positionsMm.length == 0 || positionsMm.length != planes.size()) {
            throw new IllegalArgumentException(
                    positionsMm.length + " slice positions but " + planes.size() + " resampled slices");
        }
        for (int i = 1; i < positionsMm.length; i++) {
            if (positionsMm[i] < positionsMm[i - 1]) {
                throw new IllegalArgumentException(
                        "slice positions must ascend, " + positionsMm[i] + " follows " + positionsMm[i - 1]);
            }
        }
        int plane = planes.get(0).length;
        for (float[] p : planes) {
            if (p.length != plane) {
                throw new IllegalArgumentException("resampled slices differ in size: " + p.length + " and " + plane);
            }
        }
        checkInterval(intervalMm, keyPositionMm);
        return blend(positionsMm, planes::get, plane, keyPositionMm, intervalMm, window);
    }

    /**
     * The slices the channels blend, as {@link #fromResampled} needs them: of each channel the slice at or below its
     * position and the next one, each position once, ascending. Reading only these is enough to stack a key slice.
     *
     * @param sortedPositionsMm the series' slice positions, ascending, at least one
     */
    public static double[] blendedPositions(double[] sortedPositionsMm, double keyPositionMm, double intervalMm) {
        requireNonNull(sortedPositionsMm, "sortedPositionsMm");
        checkInterval(intervalMm, keyPositionMm);
        TreeSet<Double> wanted = new TreeSet<>();
        for (int channel = 0; channel < CHANNELS; channel++) {
            SliceBlend blend = SliceBlend.at(sortedPositionsMm, channelPositionMm(keyPositionMm, intervalMm, channel));
            wanted.add(sortedPositionsMm[blend.below()]);
            wanted.add(sortedPositionsMm[blend.above()]);
        }
        return wanted.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static float[] blend(
            double[] positions,
            IntFunction<float[]> planeAt,
            int plane,
            double keyPositionMm,
            double intervalMm,
            Window window) {
        float[] out = new float[CHANNELS * plane];
        for (int channel = 0; channel < CHANNELS; channel++) {
            SliceBlend blend = SliceBlend.at(positions, channelPositionMm(keyPositionMm, intervalMm, channel));
            double t = blend.weight();
            float[] lower = planeAt.apply(blend.below());
            float[] upper = t == 0 ? lower : planeAt.apply(blend.above());
            for (int p = 0; p < plane; p++) {
                out[channel * plane + p] = window.toUnit(lower[p] + (upper[p] - lower[p]) * t);
            }
        }
        return out;
    }

    /** Channel 0 is one interval below the key slice, channel 1 the key slice, channel 2 one interval above. */
    private static double channelPositionMm(double keyPositionMm, double intervalMm, int channel) {
        return keyPositionMm + (channel - 1) * intervalMm;
    }

    private static void checkInterval(double intervalMm, double keyPositionMm) {
        if (!(intervalMm > 0) || Double.isInfinite(intervalMm)) {
            throw new IllegalArgumentException("slice interval must be positive and finite, was " + intervalMm);
        }
        if (!Double.isFinite(keyPositionMm)) {
            throw new IllegalArgumentException("key position must be finite, was " + keyPositionMm);
        }
    }

    private static float[] sample(SeriesSlice slice, int rows, int columns, SamplingGrid grid) {
        return Resampler.sampleAveraged(slice.hu(), rows, columns, grid);
    }
}
