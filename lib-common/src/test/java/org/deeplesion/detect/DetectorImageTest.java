package org.deeplesion.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.deeplesion.ct.SamplingGrid;
import org.deeplesion.ct.SeriesSlice;
import org.deeplesion.ct.SliceStack;
import org.deeplesion.ct.Window;
import org.deeplesion.recist.BoundingBox;
import org.junit.jupiter.api.Test;

class DetectorImageTest {

    /** 2 mm per pixel on a grid of 8 pixels. */
    private static final DetectorGeometry GEOMETRY =
            new DetectorGeometry(2.0, 2.0, Window.SOFT_TISSUE, 8, 96, 32, 2.0, 16.0);

    @Test
    void theGridHasTheDetectorSpacingAndWholeProposalCells() {
        SamplingGrid grid = GEOMETRY.imageGrid(512, 400, 0.7, 0.5);

        assertThat(grid.stepX()).isCloseTo(2.0 / 0.7, within(1e-12));
        assertThat(grid.stepY()).isCloseTo(2.0 / 0.5, within(1e-12));
        // 512 * 0.7 mm = 358.4 mm = 179.2 px -> 23 cells of 8; 400 * 0.5 mm = 100 px -> 13 cells.
        assertThat(grid.columns()).isEqualTo(184);
        assertThat(grid.rows()).isEqualTo(104);
    }

    @Test
    void boxesMapToTheImageAndBackExactly() {
        DetectorImage image =
                new DetectorImage(new float[SliceStack.CHANNELS * 184 * 104], GEOMETRY.imageGrid(512, 400, 0.7, 0.5));
        BoundingBox onSlice = new BoundingBox(100.5, 50, 140, 77.25);

        BoundingBox inImage = image.fromSlice(onSlice);

        assertThat(inImage.width())
                .as("40.5 slice px of 0.7 mm are 14.2 detector px of 2 mm, inclusive")
                .isCloseTo((140 - 100.5) * 0.35 + 1, within(1e-9));
        BoundingBox back = image.toSlice(inImage);
        assertThat(back.x1()).isCloseTo(onSlice.x1(), within(1e-9));
        assertThat(back.y2()).isCloseTo(onSlice.y2(), within(1e-9));
    }

    @Test
    void aBrightSquareOnTheKeySliceLandsWhereItsBoxSays() {
        int n = 64;
        short[] key = new short[n * n];
        Arrays.fill(key, (short) -1000);
        for (int y = 20; y < 30; y++) {
            for (int x = 40; x < 50; x++) {
                key[y * n + x] = 240;
            }
        }
        List<SeriesSlice> series = new ArrayList<>();
        series.add(new SeriesSlice(0, key));
        DetectorGeometry geometry = new DetectorGeometry(1.0, 2.0, Window.SOFT_TISSUE, 8, 32, 16, 2.0, 8.0);

        DetectorImage image = DetectorImage.of(series, n, n, 1.0, 1.0, 0, geometry);

        int plane = image.width() * image.height();
        assertThat(image.pixels()[plane + 25 * image.width() + 45])
                .as("key channel inside the square")
                .isEqualTo(1f);
        assertThat(image.pixels()[plane + 5 * image.width() + 5]).as("air").isEqualTo(0f);
        assertThat(image.pixels()[25 * image.width() + 45])
                .as("the slice below is the key slice repeated")
                .isEqualTo(1f);
    }

    @Test
    void aPatchMirrorsAndPadsWithTheWindowFloor() {
        float[] pixels = new float[SliceStack.CHANNELS * 8 * 8];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (i % 8) / 8f;
        }
        DetectorImage image = new DetectorImage(pixels, new SamplingGrid(0, 0, 1, 1, 8, 8));

        float[] plain = image.patch(4, 0, 8, false);
        float[] mirrored = image.patch(4, 0, 8, true);

        assertThat(plain[0]).isEqualTo(4 / 8f);
        assertThat(plain[4]).as("beyond the image").isZero();
        assertThat(mirrored[7]).isEqualTo(4 / 8f);
        assertThat(mirrored[0]).isZero();
    }

    @Test
    void pixelsMustFillTheGrid() {
        assertThatThrownBy(() -> new DetectorImage(new float[10], new SamplingGrid(0, 0, 1, 1, 8, 8)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("3 channels of 8 x 8");
    }
}
