package org.deeplesion.jobs.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TrainOptionsTest {

    private static final TrainOptions.Extras DEFAULTS = TrainOptions.Extras.none();

    @Test
    void theWeightsAreAveragedOverTheLastEpochsAsked() {
        assertThat(DEFAULTS.averagedEpochs(56)).isEqualTo(TrainOptions.Extras.DEFAULT_AVERAGE_LAST);
        assertThat(DEFAULTS.withAverageLast(8).averagedEpochs(56)).isEqualTo(8);
    }

    @Test
    void aShortRunAveragesItsLastThirdAtMost() {
        assertThat(DEFAULTS.averagedEpochs(12)).isEqualTo(4);
        assertThat(DEFAULTS.averagedEpochs(4)).isEqualTo(2);
        assertThat(DEFAULTS.averagedEpochs(3)).as("the demo's and CI's runs").isEqualTo(1);
        assertThat(DEFAULTS.withAverageLast(2).averagedEpochs(3)).isEqualTo(1);
        assertThat(DEFAULTS.averagedEpochs(1)).isEqualTo(1);
    }

    @Test
    void noneOrOneEpochKeepsTheLastEpochsWeights() {
        assertThat(DEFAULTS.withAverageLast(0).averagedEpochs(56)).isEqualTo(1);
        assertThat(DEFAULTS.withAverageLast(1).averagedEpochs(56)).isEqualTo(1);
    }

    @Test
    void negativeEpochsAreRefusedWithTheOptionsName() {
        assertThatThrownBy(() -> DEFAULTS.withAverageLast(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--average-last must be >= 0 epochs, was -1");
    }
}
