package org.deeplesion.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.deeplesion.recist.BoundingBox;
import org.junit.jupiter.api.Test;

class DetectionTest {

    private static final BoundingBox BOX = new BoundingBox(0, 0, 9, 9);

    @Test
    void rankingPutsHigherScoresFirstAndBreaksTiesByImageThenClassThenBox() {
        Detection best = new Detection("b", BOX, 0.9, 0);
        Detection tieOnA = new Detection("a", BOX.translated(5, 0), 0.5, 0);
        Detection tieOnB = new Detection("b", BOX, 0.5, 0);
        Detection tieOnBOtherClass = new Detection("b", BOX, 0.5, 1);
        Detection tieOnBMovedRight = new Detection("b", BOX.translated(1, 0), 0.5, 1);
        List<Detection> ranked = new ArrayList<>(List.of(tieOnBMovedRight, tieOnB, tieOnBOtherClass, tieOnA, best));

        ranked.sort(Detection.BY_SCORE);

        assertThat(ranked).containsExactly(best, tieOnA, tieOnB, tieOnBOtherClass, tieOnBMovedRight);
    }

    @Test
    void blankImageKeyIsRejected() {
        assertThatThrownBy(() -> new Detection(" ", BOX, 0.5, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("image key");
    }

    @Test
    void nonFiniteScoreIsRejectedNamingTheImage() {
        assertThatThrownBy(() -> new Detection("img-7", BOX, Double.NaN, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("img-7");
    }

    @Test
    void negativeClassIsRejected() {
        assertThatThrownBy(() -> new Detection("a", BOX, 0.5, -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
