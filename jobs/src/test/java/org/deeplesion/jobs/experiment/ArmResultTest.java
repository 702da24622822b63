package org.deeplesion.jobs.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.deeplesion.detect.Detection;
import org.deeplesion.evaluation.Froc;
import org.deeplesion.evaluation.FrocResult;
import org.deeplesion.evaluation.GroundTruthBox;
import org.deeplesion.jobs.detect.EvaluateSummary.AgainstCompleteTruth;
import org.deeplesion.jobs.detect.EvaluateSummary.Evaluation;
import org.deeplesion.jobs.detect.SelfTraining;
import org.deeplesion.jobs.detect.TrainSummary;
import org.deeplesion.recist.BoundingBox;
import org.junit.jupiter.api.Test;

class ArmResultTest {

    private static final FrocResult NOTHING_FOUND = Froc.DEEPLESION.evaluate(
            List.of("slice-1"), List.of(new GroundTruthBox("slice-1", new BoundingBox(10, 10, 30, 30), 0)), List.of());

    private static SelfTraining.Result training(String model) {
        return new SelfTraining.Result(
                new TrainSummary(model, "models/" + model, 1, 1, 1, Map.of(), 60), List.of(), List.of());
    }

    private static ArmResult arm(Evaluation evaluation) {
        return new ArmResult(
                Arm.SINGLE,
                null,
                1,
                List.of(1L),
                List.of(evaluation.name()),
                List.of(evaluation),
                List.of(training(evaluation.name())));
    }

    @Test
    void anEvaluationWithoutTheCompleteTruthIsRefusedWhenTheArmIsBuilt() {
        Evaluation bookmarksOnly = new Evaluation("m1", "single class [m1]", NOTHING_FOUND);

        assertThatThrownBy(() -> arm(bookmarksOnly))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("single: model m1 was not evaluated against the complete truth");
    }

    @Test
    void theCompleteTruthFiguresAreTheLesionsOfEachEvaluation() {
        FrocResult complete = Froc.DEEPLESION.evaluate(
                List.of("slice-1"),
                List.of(new GroundTruthBox("slice-1", new BoundingBox(10, 10, 30, 30), 0)),
                List.of(new Detection("slice-1", new BoundingBox(10, 10, 30, 30), 0.9, 0)));
        Evaluation evaluation = new Evaluation(
                "m1",
                "single class [m1]",
                NOTHING_FOUND,
                new AgainstCompleteTruth(complete, NOTHING_FOUND, NOTHING_FOUND));

        ArmResult arm = arm(evaluation);

        assertThat(arm.completeMean().mean()).isEqualTo(complete.meanSensitivity());
        assertThat(arm.bookmarkedMean().mean()).isEqualTo(NOTHING_FOUND.meanSensitivity());
        assertThat(complete.meanSensitivity()).isGreaterThan(NOTHING_FOUND.meanSensitivity());
    }
}
