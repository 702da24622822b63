package org.deeplesion.recist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** A 200-column by 100-row image; results are PIXEL units, where the image spans 0..200 by 0..100. */
class DisplayedAreaTest {

    private static final ImageSize IMAGE = new ImageSize(100, 200);

    @Test
    void untransformedDisplayScalesFractionsToTheArea() {
        DisplayedArea area = DisplayedArea.wholeImage(IMAGE, 0, false);

        assertThat(area.toPixelUnits(new double[] {0, 0, 1, 1, 0.25, 0.5})).containsExactly(0, 0, 200, 100, 50, 50);
    }

    @Test
    void cornerPixelsBoundTheAreaByTheirOuterEdges() {
        DisplayedArea area = DisplayedArea.between(new long[] {101, 51}, new long[] {200, 100}, 0, false);

        assertThat(area.toPixelUnits(new double[] {0, 0, 1, 1})).containsExactly(100, 50, 200, 100);
    }

    @Test
    void cornersGivenInEitherOrderSpanTheSameArea() {
        DisplayedArea area = DisplayedArea.between(new long[] {200, 100}, new long[] {101, 51}, 0, false);

        assertThat(area.toPixelUnits(new double[] {0, 0, 1, 1})).containsExactly(100, 50, 200, 100);
    }

    @Test
    void clockwiseQuarterTurnPutsTheImagesBottomLeftCornerAtTheDisplaysTopLeft() {
        DisplayedArea area = DisplayedArea.wholeImage(IMAGE, 90, false);

        // Display corners top-left, top-right, bottom-left.
        assertThat(area.toPixelUnits(new double[] {0, 0, 1, 0, 0, 1})).containsExactly(0, 100, 0, 0, 200, 100);
    }

    @Test
    void horizontalFlipMirrorsColumns() {
        DisplayedArea area = DisplayedArea.wholeImage(IMAGE, 0, true);

        assertThat(area.toPixelUnits(new double[] {0, 0, 0.25, 0.5})).containsExactly(200, 0, 150, 50);
    }

    @Test
    void halfTurnWithFlipMirrorsRows() {
        DisplayedArea area = DisplayedArea.wholeImage(IMAGE, 180, true);

        assertThat(area.toPixelUnits(new double[] {0, 0, 0.25, 0.1})).containsExactly(0, 100, 50, 90);
    }

    @Test
    void rotationOtherThanQuarterTurnsIsRejected() {
        assertThatThrownBy(() -> DisplayedArea.wholeImage(IMAGE, 45, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("45");
    }
}
