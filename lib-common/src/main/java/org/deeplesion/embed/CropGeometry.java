package org.deeplesion.embed;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import org.deeplesion.ct.Window;

/**
 * How a lesion is cut out for the embedding network: a square of {@code sizePx} pixels around the box centre at each
 * of several fixed pixel spacings (context scales), on the key slice and on slices interpolated at
 * {@code neighbourOffsetMm} above and below it, each shown through several HU windows.
 *
 * <p>Fixed spacings (rather than a size relative to the box) keep the lesion's physical size and its surroundings in
 * the picture: a 10 mm nodule in the lung and a 10 mm lymph node in the mediastinum differ mostly by what is around
 * them. Channels are ordered scale-major, then window, then slice (below, key, above).
 *
 * @param sizePx side of each crop in pixels
 * @param spacingsMm millimetres per crop pixel, one per context scale, smallest first
 * @param neighbourOffsetMm distance of the neighbour slices from the key slice, the common slice interval
 * @param windows HU windows mapped to [0, 1]
 */
public record CropGeometry(int sizePx, List<Double> spacingsMm, double neighbourOffsetMm, List<Window> windows)
        implements Serializable {

    /** Slices per crop: below, key, above. */
    public static final int SLICES = 3;

    /** 32 x 32 pixels at 1 mm and 3 mm per pixel, neighbours 2 mm away, soft-tissue and wide windows. */
    public static CropGeometry defaults() {
        return new CropGeometry(32, List.of(1.0, 3.0), 2.0, List.of(Window.SOFT_TISSUE, new Window(0, 2000)));
    }

    public CropGeometry {
        requireNonNull(spacingsMm, "spacingsMm");
        requireNonNull(windows, "windows");
        if (sizePx < 8 || sizePx > 512) {
            throw new IllegalArgumentException("crop size must be 8..512 px, was " + sizePx);
        }
        if (spacingsMm.isEmpty() || spacingsMm.stream().anyMatch(s -> !(s > 0) || Double.isInfinite(s))) {
            throw new IllegalArgumentException("crop spacings must be positive millimetres, were " + spacingsMm);
        }
        if (!(neighbourOffsetMm > 0) || Double.isInfinite(neighbourOffsetMm)) {
            throw new IllegalArgumentException(
                    "neighbour offset must be positive millimetres, was " + neighbourOffsetMm);
        }
        if (windows.isEmpty()) {
            throw new IllegalArgumentException("at least one HU window is needed");
        }
        spacingsMm = List.copyOf(spacingsMm);
        windows = List.copyOf(windows);
    }

    public int scales() {
        return spacingsMm.size();
    }

    /** Input channels of the embedding network. */
    public int channels() {
        return scales() * windows.size() * SLICES;
    }

    /** Floats in one lesion's crop, channels x size x size. */
    public int length() {
        return channels() * sizePx * sizePx;
    }

    /** The channel of a scale, window and slice (0 below, 1 key, 2 above). */
    public int channel(int scale, int window, int slice) {
        return (scale * windows.size() + window) * SLICES + slice;
    }

    /** The key slice's channel that shows the lesion closest: the finest scale, through the first window. */
    public int closeUpChannel() {
        return channel(0, 0, 1);
    }

    /** The key slice's channel that shows most of the lesion's surroundings: the coarsest scale, last window. */
    public int contextChannel() {
        return channel(scales() - 1, windows.size() - 1, 1);
    }

    /**
     * One channel of a crop: {@code sizePx} x {@code sizePx} values, row by row, copied out.
     *
     * @throws IllegalArgumentException when the crop is not of this geometry or there is no such channel
     */
    public float[] plane(float[] crop, int channel) {
        requireNonNull(crop, "crop");
        if (crop.length != length()) {
            throw new IllegalArgumentException("crop has " + crop.length + " values, the geometry " + length());
        }
        if (channel < 0 || channel >= channels()) {
            throw new IllegalArgumentException("channel " + channel + " is not in 0.." + (channels() - 1));
        }
        int plane = sizePx * sizePx;
        return Arrays.copyOfRange(crop, channel * plane, (channel + 1) * plane);
    }
}
