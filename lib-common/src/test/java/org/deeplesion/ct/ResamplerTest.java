package org.deeplesion.ct;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ResamplerTest {

    /** A rows x columns image whose pixel at (x, y) holds 3x + 5y - 200: bilinear sampling reproduces it exactly. */
    private static short[] ramp(int rows, int columns) {
        short[] hu = new short[rows * columns];
        for (int y = 0; y < rows; y++) {
            for (int x = 0; x < columns; x++) {
                hu[y * columns + x] = (short) (3 * x + 5 * y - 200);
            }
        }
        return hu;
    }

    private static double rampAt(double x, double y) {
        return 3 * x + 5 * y - 200;
    }

    @Test
    void identityGridCopiesTheImage() {
        short[] hu = ramp(7, 9);

        float[] out = Resampler.sample(hu, 7, 9, new SamplingGrid(0, 0, 1, 1, 9, 7));

        for (int i = 0; i < hu.length; i++) {
            assertThat(out[i]).isEqualTo(hu[i]);
        }
    }

    @Test
    void subPixelCentresInterpolateBilinearly() {
        float[] out = Resampler.sample(ramp(8, 8), 8, 8, new SamplingGrid(2.25, 1.5, 0.5, 0.75, 3, 3));

        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 3; c++) {
                assertThat(out[r * 3 + c]).isCloseTo((float) rampAt(2.25 + 0.5 * c, 1.5 + 0.75 * r), within(1e-4f));
            }
        }
    }

    @Test
    void bilinearWeightsFollowTheFractionalPosition() {
        // The bright pixel (1, 1) seen from (0.75, 0.5): weight 3/4 across times 1/2 down.
        short[] hu = new short[9];
        hu[4] = 800;

        float[] out = Resampler.sample(hu, 3, 3, new SamplingGrid(0.75, 0.5, 1, 1, 1, 1));

        assertThat(out[0]).isCloseTo(800 * 0.75f * 0.5f, within(1e-4f));
    }

    @Test
    void respacingToTwiceTheSpacingHalvesTheSizeAndSamplesBetweenPixelPairs() {
        SamplingGrid grid = SamplingGrid.respaced(8, 6, 0.5, 0.5, 1.0);

        assertThat(grid.columns()).isEqualTo(4);
        assertThat(grid.rows()).isEqualTo(3);
        float[] out = Resampler.sample(ramp(6, 8), 6, 8, grid);
        // Output pixel 0 covers source pixels 0 and 1: its centre is their shared edge, x = 0.5.
        assertThat(out[0]).isCloseTo((float) rampAt(0.5, 0.5), within(1e-4f));
        assertThat(out[2 * 4 + 3]).isCloseTo((float) rampAt(6.5, 4.5), within(1e-4f));
    }

    @Test
    void respacingKeepsTheImageExtent() {
        // 512 pixels of 0.8 mm span 409.6 mm: 410 pixels of 1 mm, starting at the image's left edge.
        SamplingGrid grid = SamplingGrid.respaced(512, 512, 0.8, 0.8, 1.0);

        assertThat(grid.columns()).isEqualTo(410);
        assertThat(grid.sourceX(0) - grid.stepX() / 2).isCloseTo(-0.5, within(1e-12));
        assertThat(grid.stepX()).isCloseTo(1.25, within(1e-12));
    }

    @Test
    void upsamplingByTwoPlacesTwoOutputPixelsInEachSourcePixel() {
        SamplingGrid grid = SamplingGrid.respaced(4, 4, 1.0, 1.0, 0.5);

        assertThat(grid.columns()).isEqualTo(8);
        assertThat(grid.sourceX(0)).isCloseTo(-0.25, within(1e-12));
        assertThat(grid.sourceX(1)).isCloseTo(0.25, within(1e-12));
    }

    @Test
    void outsideTheImageIsAir() {
        short[] hu = new short[16];
        Arrays.fill(hu, (short) 40);

        float[] out = Resampler.sample(hu, 4, 4, new SamplingGrid(-3, 1, 1, 1, 1, 1));

        assertThat(out[0]).isEqualTo(Resampler.AIR_HU);
    }

    @Test
    void halfAPixelBeyondTheEdgeBlendsHalfwayToAir() {
        short[] hu = new short[16];
        Arrays.fill(hu, (short) 40);

        float[] out = Resampler.sample(hu, 4, 4, new SamplingGrid(-0.5, 1, 1, 1, 1, 1));

        assertThat(out[0]).isCloseTo((40 + Resampler.AIR_HU) / 2, within(1e-4f));
    }

    @Test
    void cropCentredOnAPointHasThatPointAtItsCentre() {
        SamplingGrid odd = SamplingGrid.centredOn(10, 20, 0.5, 2, 5, 3);
        SamplingGrid even = SamplingGrid.centredOn(10, 20, 1, 1, 4, 4);

        assertThat(odd.sourceX(2)).isEqualTo(10);
        assertThat(odd.sourceY(1)).isEqualTo(20);
        assertThat(even.sourceX(1.5)).isEqualTo(10);
        assertThat(odd.columnOf(odd.sourceX(3.25))).isCloseTo(3.25, within(1e-12));
        assertThat(odd.rowOf(odd.sourceY(0.5))).isCloseTo(0.5, within(1e-12));
    }

    @Test
    void wrongPixelCountIsRejected() {
        assertThatThrownBy(() -> Resampler.sample(new short[10], 3, 3, new SamplingGrid(0, 0, 1, 1, 1, 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("10 pixels");
    }

    @Test
    void nonPositiveStepIsRejected() {
        assertThatThrownBy(() -> new SamplingGrid(0, 0, 0, 1, 1, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("steps");
    }
}
