package org.deeplesion.evaluation;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.deeplesion.recist.BoundingBox;
import org.junit.jupiter.api.Test;

class GroundTruthBoxTest {

    private static final BoundingBox BOX = new BoundingBox(0, 0, 9, 9);

    @Test
    void blankImageKeyIsRejected() {
        assertThatThrownBy(() -> new GroundTruthBox(null, BOX, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("image key");
    }

    @Test
    void negativeClassIsRejected() {
        assertThatThrownBy(() -> new GroundTruthBox("a", BOX, -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
