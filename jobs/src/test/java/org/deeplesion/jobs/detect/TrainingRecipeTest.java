package org.deeplesion.jobs.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.deeplesion.detect.DetectorGeometry;
import org.deeplesion.detect.DetectorSettings;
import org.junit.jupiter.api.Test;

class TrainingRecipeTest {

    private static final TrainOptions OPTIONS = new TrainOptions(
            "/lake",
            TrainOptions.SINGLE,
            List.of("train"),
            56,
            16,
            24,
            8,
            32,
            6,
            2,
            1,
            false,
            DetectorGeometry.defaults(),
            DetectorSettings.defaults());

    @Test
    void takesTheOptionsThatShapeTrainingAndTheirDefaults() {
        assertThat(TrainingRecipe.of(OPTIONS))
                .isEqualTo(new TrainingRecipe(
                        1,
                        24,
                        8,
                        32,
                        6,
                        2,
                        TrainOptions.Extras.DEFAULT_HARD_MINING,
                        TrainOptions.Extras.DEFAULT_SECTION_REACH,
                        TrainOptions.Extras.DEFAULT_PART_TARGET,
                        false,
                        TrainOptions.Extras.DEFAULT_AVERAGE_LAST));
    }

    @Test
    void theSameOptionsDifferInNothingWhateverTheEpochs() {
        TrainOptions longer = new TrainOptions(
                "/lake",
                TrainOptions.SINGLE,
                List.of("train"),
                80,
                24,
                24,
                8,
                32,
                6,
                2,
                1,
                true,
                DetectorGeometry.defaults(),
                DetectorSettings.defaults());

        assertThat(TrainingRecipe.of(longer).differencesFrom(TrainingRecipe.of(OPTIONS)))
                .isEmpty();
    }

    @Test
    void eachChangedOptionIsNamedWithTheValueItStartedWith() {
        TrainOptions changed = OPTIONS.withSeed(2)
                .withClasses(
                        TrainOptions.SINGLE,
                        OPTIONS.extras()
                                .withHardMining(0)
                                .withSectionReach(0)
                                .withPartTarget(0.25)
                                .withAverageLast(8));

        assertThat(TrainingRecipe.of(changed).differencesFrom(TrainingRecipe.of(OPTIONS)))
                .containsExactly(
                        "--seed 2 (started with 1)",
                        "--hard-mining 0 (started with " + TrainOptions.Extras.DEFAULT_HARD_MINING + ")",
                        "--section-reach 0.0 (started with " + TrainOptions.Extras.DEFAULT_SECTION_REACH + ")",
                        "--part-target 0.25 (started with " + TrainOptions.Extras.DEFAULT_PART_TARGET + ")",
                        "--average-last 8 (started with " + TrainOptions.Extras.DEFAULT_AVERAGE_LAST + ")");
    }
}
