package org.deeplesion.recist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class GraphicPixelCoordinatesTest {

    @Test
    void centreOfTheFirstPixelIsHalfAPixelFromTheImageCorner() {
        assertThat(GraphicPixelCoordinates.toGraphicData(new PixelPoint(0, 0))).containsExactly(0.5f, 0.5f);
    }

    @Test
    void graphicDataListsColumnBeforeRow() {
        assertThat(GraphicPixelCoordinates.toGraphicData(new PixelPoint(3, 7), new PixelPoint(10.25, 2)))
                .containsExactly(3.5f, 7.5f, 10.75f, 2.5f);
    }

    @Test
    void readingGraphicDataInvertsWriting() {
        List<PixelPoint> points = GraphicPixelCoordinates.fromGraphicData(new double[] {3.5, 7.5, 10.75, 2.5});

        assertThat(points).containsExactly(new PixelPoint(3, 7), new PixelPoint(10.25, 2));
    }

    @Test
    void oddNumberOfValuesIsRejected() {
        assertThatThrownBy(() -> GraphicPixelCoordinates.fromGraphicData(new double[] {1, 2, 3}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("even number");
    }
}
