package org.deeplesion.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.nd4j.linalg.indexing.NDArrayIndex.point;

import java.util.Random;
import org.deeplesion.ct.Window;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;

class BlobPatchesTest {

    private static final DetectorGeometry GEOMETRY =
            new DetectorGeometry(2.0, 2.0, Window.SOFT_TISSUE, 8, 32, 16, 2.0, 8.0);

    @Test
    void eachPatchHasOneCentreWhereItsBrightSquareIs() {
        MultiDataSet data = BlobPatches.minibatch(GEOMETRY, new AnchorSize(12, 12), 3, new Random(7));

        INDArray features = data.getFeatures(0);
        assertThat(features.shape()).containsExactly(3, 3, 32, 32);
        INDArray centres = data.getLabels(0);
        for (int i = 0; i < 3; i++) {
            INDArray map = centres.get(point(i), point(0));
            assertThat(map.maxNumber().doubleValue()).isEqualTo(1.0);
            long peak = map.argMax().getLong(0);
            int row = (int) (peak / 4);
            int column = (int) (peak % 4);
            // The brightest pixels of the patch lie in the peak's 8-pixel cell or next to it.
            INDArray slice = features.get(point(i), point(1));
            long brightest = slice.argMax().getLong(0);
            assertThat(Math.abs(brightest / 32 / 8 - row)).isLessThanOrEqualTo(1);
            assertThat(Math.abs(brightest % 32 / 8 - column)).isLessThanOrEqualTo(1);
        }
    }

    @Test
    void refusesAnEmptyMinibatch() {
        assertThatThrownBy(() -> BlobPatches.minibatch(GEOMETRY, new AnchorSize(12, 12), 0, new Random(7)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a minibatch needs at least one patch, was 0");
    }
}
