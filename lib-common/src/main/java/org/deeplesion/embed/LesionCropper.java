package org.deeplesion.embed;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.deeplesion.ct.Resampler;
import org.deeplesion.ct.SamplingGrid;
import org.deeplesion.ct.SliceBlend;
import org.deeplesion.ct.Window;

/**
 * Cuts a lesion's neighbourhood out of its slices as {@link CropGeometry} describes.
 *
 * <p>Coordinates are 0-based pixel centres, as in the lake's lesion boxes: pixel (0, 0) is centred on (0, 0). A crop
 * pixel is the mean of bilinear samples on a sub-grid fine enough that no source pixel is skipped when the crop is
 * coarser than the slice (a box filter against aliasing). Anything outside the slice is air (-1000 HU), so a lesion
 * at the edge of the image is padded, not dropped. Along the series, the neighbour slices are interpolated linearly
 * between the two nearest slices; beyond the first or last slice the outermost slice is repeated.
 */
public final class LesionCropper {

    private final CropGeometry geometry;

    public LesionCropper(CropGeometry geometry) {
        this.geometry = requireNonNull(geometry, "geometry");
    }

    public CropGeometry geometry() {
        return geometry;
    }

    /**
     * One slice around a lesion centre, at every context scale.
     *
     * @param hu the slice's HU, row-major, {@code rows x columns}
     */
    public SliceCrop cropSlice(
            short[] hu,
            int rows,
            int columns,
            double rowSpacingMm,
            double columnSpacingMm,
            double positionMm,
            double centreX,
            double centreY) {
        requireNonNull(hu, "hu");
        if (rows < 1 || columns < 1 || hu.length != rows * columns) {
            throw new IllegalArgumentException(
                    "slice of " + hu.length + " HU values does not have " + rows + " x " + columns + " pixels");
        }
        if (!(rowSpacingMm > 0) || !(columnSpacingMm > 0)) {
            throw new IllegalArgumentException(
                    "pixel spacing must be positive, was " + rowSpacingMm + " x " + columnSpacingMm + " mm");
        }
        if (!Double.isFinite(centreX) || !Double.isFinite(centreY)) {
            throw new IllegalArgumentException("lesion centre (" + centreX + ", " + centreY + ") is not finite");
        }
        int n = geometry.sizePx();
        float[][] out = new float[geometry.scales()][];
        for (int s = 0; s < out.length; s++) {
            double mm = geometry.spacingsMm().get(s);
            out[s] = Resampler.sampleAveraged(
                    hu,
                    rows,
                    columns,
                    SamplingGrid.centredOn(centreX, centreY, mm / columnSpacingMm, mm / rowSpacingMm, n, n));
        }
        return new SliceCrop(positionMm, out);
    }

    /**
     * The network input of one lesion: the key slice and the slices {@code neighbourOffsetMm} below and above it,
     * windowed, channels x size x size.
     *
     * @param slices crops of the key slice and of slices near it, in any order
     */
    public float[] stack(List<SliceCrop> slices, double keyPositionMm) {
        requireNonNull(slices, "slices");
        if (slices.isEmpty()) {
            throw new IllegalArgumentException("a lesion crop needs at least its key slice");
        }
        List<SliceCrop> sorted = new ArrayList<>(slices);
        sorted.sort(Comparator.comparingDouble(SliceCrop::positionMm));
        double[] positions = sorted.stream().mapToDouble(SliceCrop::positionMm).toArray();
        double d = geometry.neighbourOffsetMm();
        SliceCrop[] at = {
            at(sorted, positions, keyPositionMm - d),
            at(sorted, positions, keyPositionMm),
            at(sorted, positions, keyPositionMm + d)
        };
        int plane = geometry.sizePx() * geometry.sizePx();
        float[] out = new float[geometry.length()];
        for (int s = 0; s < geometry.scales(); s++) {
            for (int w = 0; w < geometry.windows().size(); w++) {
                Window window = geometry.windows().get(w);
                for (int z = 0; z < CropGeometry.SLICES; z++) {
                    float[] hu = at[z].hu()[s];
                    int base = geometry.channel(s, w, z) * plane;
                    for (int i = 0; i < plane; i++) {
                        out[base + i] = window.toUnit(hu[i]);
                    }
                }
            }
        }
        return out;
    }

    private static SliceCrop at(List<SliceCrop> sorted, double[] positions, double positionMm) {
        SliceBlend blend = SliceBlend.at(positions, positionMm);
        SliceCrop below = sorted.get(blend.below());
        return blend.weight() == 0 ? below : SliceCrop.between(below, sorted.get(blend.above()), blend.weight());
    }
}
