package org.deeplesion.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import org.deeplesion.ct.Window;
import org.junit.jupiter.api.Test;

class LesionCropperTest {

    private static final Window FULL = new Window(0, 4000);

    /** HU = 10 * column + row: every pixel says where it is. */
    private static short[] ramp(int rows, int columns) {
        short[] hu = new short[rows * columns];
        for (int y = 0; y < rows; y++) {
            for (int x = 0; x < columns; x++) {
                hu[y * columns + x] = (short) (10 * x + y);
            }
        }
        return hu;
    }

    @Test
    void atTheSlicesOwnSpacingACropCopiesThePixelsAroundTheCentre() {
        LesionCropper cropper = new LesionCropper(new CropGeometry(8, List.of(0.5), 2, List.of(FULL)));
        // Centre 20.5: the 8 crop pixels centred on it are source pixels 17..24.
        SliceCrop crop = cropper.cropSlice(ramp(64, 64), 64, 64, 0.5, 0.5, 0, 20.5, 30.5);
        float[] plane = crop.hu()[0];
        assertThat(plane[0]).isEqualTo(10 * 17 + 27);
        assertThat(plane[7]).isEqualTo(10 * 24 + 27);
        assertThat(plane[7 * 8]).isEqualTo(10 * 17 + 34);
    }

    @Test
    void aCoarserScaleAveragesTheSourcePixelsItCovers() {
        LesionCropper cropper = new LesionCropper(new CropGeometry(8, List.of(1.0), 2, List.of(FULL)));
        SliceCrop crop = cropper.cropSlice(ramp(64, 64), 64, 64, 0.5, 0.5, 0, 31.5, 31.5);
        float[] plane = crop.hu()[0];
        // Each crop pixel covers 2 x 2 source pixels: neighbours differ by 2 columns (20 HU) and 2 rows (2 HU).
        assertThat(plane[1] - plane[0]).isCloseTo(20f, within(1e-3f));
        assertThat(plane[8] - plane[0]).isCloseTo(2f, within(1e-3f));
        // The mean of the ramp over the crop is the ramp at the centre.
        double mean = 0;
        for (float v : plane) {
            mean += v / plane.length;
        }
        assertThat(mean).isCloseTo(10 * 31.5 + 31.5, within(1e-3));
    }

    @Test
    void anisotropicPixelsAreResampledToSquareMillimetres() {
        LesionCropper cropper = new LesionCropper(new CropGeometry(8, List.of(1.0), 2, List.of(FULL)));
        // Rows 1 mm apart, columns 0.5 mm apart: one crop pixel is 2 columns but 1 row.
        SliceCrop crop = cropper.cropSlice(ramp(64, 64), 64, 64, 1.0, 0.5, 0, 31.5, 31.5);
        float[] plane = crop.hu()[0];
        assertThat(plane[1] - plane[0]).isCloseTo(20f, within(1e-3f));
        assertThat(plane[8] - plane[0]).isCloseTo(1f, within(1e-3f));
    }

    @Test
    void outsideTheImageIsAir() {
        LesionCropper cropper = new LesionCropper(new CropGeometry(8, List.of(1.0), 2, List.of(FULL)));
        short[] water = new short[16 * 16];
        SliceCrop crop = cropper.cropSlice(water, 16, 16, 1, 1, 0, 0, 0);
        float[] plane = crop.hu()[0];
        assertThat(plane[0]).isEqualTo(-1000f);
        assertThat(plane[7 * 8 + 7]).isEqualTo(0f);
    }

    @Test
    void neighbourSlicesAreInterpolatedAtTheCommonOffset() {
        CropGeometry geometry = new CropGeometry(8, List.of(1.0), 2, List.of(FULL));
        LesionCropper cropper = new LesionCropper(geometry);
        // Slices 5 mm apart with uniform HU 0, 100, 200: 2 mm below and above the key (100) are 60 and 140.
        List<SliceCrop> slices =
                List.of(uniform(geometry, 10, 200), uniform(geometry, 0, 0), uniform(geometry, 5, 100));
        float[] crop = cropper.stack(slices, 5);
        int plane = 64;
        assertThat(crop).hasSize(geometry.length());
        assertThat(crop[geometry.channel(0, 0, 0) * plane]).isCloseTo(hu(60), within(1e-6f));
        assertThat(crop[geometry.channel(0, 0, 1) * plane]).isCloseTo(hu(100), within(1e-6f));
        assertThat(crop[geometry.channel(0, 0, 2) * plane]).isCloseTo(hu(140), within(1e-6f));
    }

    @Test
    void beyondTheFirstOrLastSliceTheOutermostIsRepeated() {
        CropGeometry geometry = new CropGeometry(8, List.of(1.0), 2, List.of(FULL));
        float[] crop = new LesionCropper(geometry).stack(List.of(uniform(geometry, 0, 50)), 0);
        assertThat(crop[0]).isEqualTo(crop[geometry.channel(0, 0, 1) * 64]).isEqualTo(crop[2 * 64]);
    }

    @Test
    void channelsAreWindowedToUnitRange() {
        CropGeometry geometry = new CropGeometry(8, List.of(1.0, 2.0), 2, List.of(Window.SOFT_TISSUE, FULL));
        SliceCrop slice = new SliceCrop(0, new float[][] {filled(64, 240), filled(64, -1000)});
        float[] crop = new LesionCropper(geometry).stack(List.of(slice), 0);
        assertThat(crop[geometry.channel(0, 0, 1) * 64]).isEqualTo(1f);
        assertThat(crop[geometry.channel(0, 1, 1) * 64]).isCloseTo((240 + 2000) / 4000f, within(1e-6f));
        assertThat(crop[geometry.channel(1, 0, 1) * 64]).isEqualTo(0f);
        assertThat(crop[geometry.channel(1, 1, 1) * 64]).isCloseTo(1000 / 4000f, within(1e-6f));
    }

    @Test
    void aSliceWhoseSizeDoesNotMatchItsPixelsIsRefused() {
        LesionCropper cropper = new LesionCropper(CropGeometry.defaults());
        assertThatThrownBy(() -> cropper.cropSlice(new short[10], 4, 4, 1, 1, 0, 1, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("4 x 4");
    }

    @Test
    void aGeometryWithoutScalesIsRefused() {
        assertThatThrownBy(() -> new CropGeometry(32, List.of(), 2, List.of(FULL)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("spacings");
    }

    private static float hu(double value) {
        return (float) ((value + 2000) / 4000);
    }

    private static SliceCrop uniform(CropGeometry geometry, double positionMm, float hu) {
        float[][] planes = new float[geometry.scales()][];
        for (int s = 0; s < planes.length; s++) {
            planes[s] = filled(geometry.sizePx() * geometry.sizePx(), hu);
        }
        return new SliceCrop(positionMm, planes);
    }

    private static float[] filled(int n, float value) {
        float[] v = new float[n];
        Arrays.fill(v, value);
        return v;
    }
}
