package org.deeplesion.ct;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SliceBlendTest {

    private static final double[] POSITIONS = {0, 5, 10};

    @Test
    void betweenTwoSlicesTheNextWeighsByDistance() {
        assertThat(SliceBlend.at(POSITIONS, 7)).isEqualTo(new SliceBlend(1, 2, 0.4));
    }

    @Test
    void onASliceItStandsAlone() {
        assertThat(SliceBlend.at(POSITIONS, 5)).isEqualTo(new SliceBlend(1, 1, 0));
    }

    @Test
    void beyondEitherEndTheEndSliceStandsIn() {
        assertThat(SliceBlend.at(POSITIONS, -3)).isEqualTo(new SliceBlend(0, 0, 0));
        assertThat(SliceBlend.at(POSITIONS, 12)).isEqualTo(new SliceBlend(2, 2, 0));
    }

    @Test
    void anEmptySeriesIsRefused() {
        assertThatThrownBy(() -> SliceBlend.at(new double[0], 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
