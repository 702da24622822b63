package org.deeplesion.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.deeplesion.detect.Detection;
import org.deeplesion.recist.BoundingBox;
import org.junit.jupiter.api.Test;

class FrocTest {

    /** Reports at 0.25 too, to probe between the DeepLesion rates. */
    private static final Froc FINE = new Froc(0.5, List.of(0.25, 0.5, 1.0, 2.0, 16.0), List.of(0.5, 1.0));

    /** The i-th lesion slot of an image: 10 x 10 boxes 20 px apart, far from {@link #nowhere}. */
    private static BoundingBox slot(int i) {
        return new BoundingBox(20 * i, 0, 20 * i + 9, 9);
    }

    private static BoundingBox nowhere(int i) {
        return new BoundingBox(20 * i, 200, 20 * i + 9, 209);
    }

    private static GroundTruthBox truth(String image, int slot) {
        return truth(image, slot, 0);
    }

    private static GroundTruthBox truth(String image, int slot, int classIndex) {
        return new GroundTruthBox(image, slot(slot), classIndex);
    }

    private static Detection hit(String image, int slot, double score) {
        return new Detection(image, slot(slot), score, 0);
    }

    private static Detection miss(String image, int i, double score) {
        return new Detection(image, nowhere(i), score, 0);
    }

    private static double at(FrocResult result, double rate) {
        return result.sensitivities().stream()
                .filter(s -> s.falsePositivesPerImage() == rate)
                .findFirst()
                .orElseThrow()
                .sensitivity();
    }

    @Test
    void secondDetectionOfAFoundBoxIsNeitherHitNorFalsePositive() {
        List<Detection> detections = List.of(hit("a", 0, 0.9), hit("a", 0, 0.8), miss("a", 0, 0.7), hit("b", 0, 0.6));

        FrocResult result = FINE.evaluate(List.of("a", "b"), List.of(truth("a", 0), truth("b", 0)), detections);

        assertThat(result.curve())
                .containsExactly(
                        new FrocPoint(0.9, 0, 0.5),
                        new FrocPoint(0.8, 0, 0.5),
                        new FrocPoint(0.7, 0.5, 0.5),
                        new FrocPoint(0.6, 0.5, 1.0));
        // Had the repeat counted as a false positive, the second image's box would come only at 1 FP per image.
        assertThat(at(result, 0.5)).isEqualTo(1.0);
    }

    @Test
    void aDetectionOfAnIgnoredLesionIsNeitherHitNorFalsePositiveButOneOfNothingStillIs() {
        List<Detection> detections = List.of(hit("a", 1, 0.9), miss("a", 0, 0.8), hit("a", 0, 0.7), hit("b", 0, 0.6));
        List<GroundTruthBox> truth = List.of(truth("a", 0), truth("b", 0));

        FrocResult ignoring = FINE.evaluate(List.of("a", "b"), truth, List.of(truth("a", 1)), detections);
        FrocResult counting = FINE.evaluate(List.of("a", "b"), truth, detections);

        assertThat(ignoring.curve())
                .containsExactly(
                        new FrocPoint(0.9, 0, 0),
                        new FrocPoint(0.8, 0.5, 0),
                        new FrocPoint(0.7, 0.5, 0.5),
                        new FrocPoint(0.6, 0.5, 1.0));
        assertThat(ignoring.groundTruthBoxes())
                .as("ignored boxes are not asked for")
                .isEqualTo(2);
        assertThat(at(ignoring, 0.5)).isEqualTo(1.0);
        assertThat(at(counting, 0.5)).isZero();
        assertThatThrownBy(() -> FINE.evaluate(List.of("a"), List.of(truth("a", 0)), List.of(truth("x", 1)), List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("image x");
    }

    @Test
    void eachBoxCountsOnceHoweverOftenItIsFound() {
        List<Detection> detections = List.of(hit("a", 0, 0.9), hit("a", 0, 0.8), hit("a", 0, 0.7));

        FrocResult result = FINE.evaluate(List.of("a"), List.of(truth("a", 0), truth("a", 1)), detections);

        assertThat(result.curve()).extracting(FrocPoint::sensitivity).containsOnly(0.5);
        assertThat(at(result, 16)).isEqualTo(0.5);
    }

    @Test
    void oneDetectionFindsEveryBoxItOverlapsEnough() {
        // Two near-identical boxes, as when two readers marked one lesion: IoU 1 and 100/110 with the detection.
        List<GroundTruthBox> truth = List.of(
                new GroundTruthBox("a", new BoundingBox(0, 0, 9, 9), 0),
                new GroundTruthBox("a", new BoundingBox(0, 0, 9, 10), 0));

        FrocResult result = FINE.evaluate(List.of("a"), truth, List.of(hit("a", 0, 0.9)));

        assertThat(result.curve()).containsExactly(new FrocPoint(0.9, 0, 1.0));
    }

    @Test
    void iouOfExactlyTheThresholdFindsTheBox() {
        // The 10 x 10 box inside a 10 x 20 detection: IoU 100 / 200; one row more and it is 100 / 210.
        GroundTruthBox box = new GroundTruthBox("a", new BoundingBox(0, 0, 9, 9), 0);
        Detection atThreshold = new Detection("a", new BoundingBox(0, 0, 9, 19), 0.9, 0);
        Detection below = new Detection("a", new BoundingBox(0, 0, 9, 20), 0.9, 0);

        assertThat(FINE.evaluate(List.of("a"), List.of(box), List.of(atThreshold))
                        .curve())
                .containsExactly(new FrocPoint(0.9, 0, 1.0));
        assertThat(FINE.evaluate(List.of("a"), List.of(box), List.of(below)).curve())
                .containsExactly(new FrocPoint(0.9, 1.0, 0));
    }

    @Test
    void detectionFindsOnlyBoxesOfItsOwnImage() {
        FrocResult result = FINE.evaluate(List.of("a", "b"), List.of(truth("a", 0)), List.of(hit("b", 0, 0.9)));

        assertThat(result.curve()).containsExactly(new FrocPoint(0.9, 0.5, 0));
    }

    @Test
    void imagesWithoutTruthCountInTheRateAndTheirDetectionsAreFalsePositives() {
        // Four images, one with a box: three detections on empty images make 3/4 FP per image.
        List<Detection> detections =
                List.of(miss("empty-1", 0, 0.9), miss("empty-2", 0, 0.8), miss("empty-2", 1, 0.7), hit("a", 0, 0.6));

        FrocResult result =
                FINE.evaluate(List.of("a", "empty-1", "empty-2", "empty-3"), List.of(truth("a", 0)), detections);

        assertThat(result.images()).isEqualTo(4);
        assertThat(result.curve()).extracting(FrocPoint::falsePositivesPerImage).containsExactly(0.25, 0.5, 0.75, 0.75);
        assertThat(at(result, 0.5)).isZero();
        assertThat(at(result, 1)).isEqualTo(1.0);
    }

    @Test
    void noDetectionsMeanNoSensitivityAnywhere() {
        FrocResult result = Froc.DEEPLESION.evaluate(List.of("a", "b"), List.of(truth("a", 0)), List.of());

        assertThat(result.curve()).isEmpty();
        assertThat(result.sensitivities()).extracting(Sensitivity::sensitivity).containsOnly(0.0);
        assertThat(result.meanSensitivity()).isZero();
        assertThat(result.perClass())
                .singleElement()
                .satisfies(c -> assertThat(c.sensitivities())
                        .extracting(Sensitivity::sensitivity)
                        .containsOnly(0.0));
    }

    @Test
    void sensitivityAtARateIsTheLastPointNotBeyondIt() {
        // Two images, four boxes; TP FP TP FP FP TP gives the curve
        // (0, .25) (.5, .25) (.5, .5) (1, .5) (1.5, .5) (1.5, .75).
        List<Detection> detections = List.of(
                hit("a", 0, 0.9),
                miss("a", 0, 0.8),
                hit("a", 1, 0.7),
                miss("b", 0, 0.6),
                miss("b", 1, 0.5),
                hit("b", 0, 0.4));
        List<GroundTruthBox> truth = List.of(truth("a", 0), truth("a", 1), truth("b", 0), truth("b", 1));

        FrocResult result = FINE.evaluate(List.of("a", "b"), truth, detections);

        assertThat(result.curve())
                .extracting(FrocPoint::falsePositivesPerImage)
                .containsExactly(0.0, 0.5, 0.5, 1.0, 1.5, 1.5);
        assertThat(at(result, 0.25)).isEqualTo(0.25); // between points: the flat segment after the first hit
        assertThat(at(result, 0.5)).isEqualTo(0.5); // exactly on a run of points: the last of them
        assertThat(at(result, 1)).isEqualTo(0.5);
        assertThat(at(result, 2)).isEqualTo(0.75); // beyond the last point: the last sensitivity
        assertThat(at(result, 16)).isEqualTo(0.75);
        assertThat(result.meanSensitivity()).isCloseTo((0.5 + 0.5) / 2, within(1e-12));
    }

    @Test
    void belowTheFirstPointSensitivityIsZero() {
        // The best-scored detection is a false positive on the only image: the curve starts at 1 FP per image.
        List<Detection> detections = List.of(miss("a", 0, 0.9), hit("a", 0, 0.8));

        FrocResult result = FINE.evaluate(List.of("a"), List.of(truth("a", 0)), detections);

        assertThat(result.curve()).containsExactly(new FrocPoint(0.9, 1, 0), new FrocPoint(0.8, 1, 1));
        assertThat(at(result, 0.25)).isZero();
        assertThat(at(result, 0.5)).isZero();
        assertThat(at(result, 1)).isEqualTo(1.0);
    }

    @Test
    void deepLesionMeanAveragesHalfToFourFalsePositivesPerImage() {
        // One image, four boxes, found one between each pair of false positives: .25 at 0, .5 at 1, .75 at 2,
        // 1 at 4 false positives.
        List<Detection> detections = List.of(
                hit("a", 0, 0.99),
                miss("a", 0, 0.9),
                hit("a", 1, 0.8),
                miss("a", 1, 0.7),
                hit("a", 2, 0.6),
                miss("a", 2, 0.5),
                miss("a", 3, 0.4),
                hit("a", 3, 0.3),
                miss("a", 4, 0.2));
        List<GroundTruthBox> truth = List.of(truth("a", 0), truth("a", 1), truth("a", 2), truth("a", 3));

        FrocResult result = Froc.DEEPLESION.evaluate(List.of("a"), truth, detections);

        assertThat(result.sensitivities())
                .containsExactly(
                        new Sensitivity(0.5, 0.25),
                        new Sensitivity(1, 0.5),
                        new Sensitivity(2, 0.75),
                        new Sensitivity(4, 1),
                        new Sensitivity(8, 1),
                        new Sensitivity(16, 1));
        assertThat(result.meanSensitivity()).isCloseTo((0.25 + 0.5 + 0.75 + 1) / 4, within(1e-12));
    }

    @Test
    void interpolationIsLinearBetweenPointsAndTakesTheLastOfEqualRates() {
        // A curve with sloped segments, unlike real FROC curves, to show the interpolation itself.
        double[] x = {0, 1, 1, 3};
        double[] y = {0.2, 0.4, 0.6, 1.0};

        assertThat(Froc.interpolate(x, y, 0.5)).isCloseTo(0.3, within(1e-12));
        assertThat(Froc.interpolate(x, y, 1)).isEqualTo(0.6);
        assertThat(Froc.interpolate(x, y, 2)).isCloseTo(0.8, within(1e-12));
        assertThat(Froc.interpolate(x, y, 3)).isEqualTo(1.0);
        assertThat(Froc.interpolate(x, y, 5)).isEqualTo(1.0);
        assertThat(Froc.interpolate(x, y, -1)).isEqualTo(0.2);
        assertThat(Froc.interpolate(new double[0], new double[0], 1)).isZero();
    }

    @Test
    void perClassSensitivityCountsEachTrueClassAtTheSplitsOperatingPoints() {
        // Class 0: one box on a; class 1: boxes on a and b. Predicted classes are deliberately wrong.
        List<GroundTruthBox> truth = List.of(truth("a", 0, 0), truth("a", 1, 1), truth("b", 0, 1));
        List<Detection> detections = List.of(
                new Detection("a", slot(1), 0.9, 0),
                miss("a", 0, 0.8),
                new Detection("a", slot(0), 0.7, 1),
                miss("b", 0, 0.6),
                new Detection("b", slot(0), 0.5, 5));

        FrocResult result = FINE.evaluate(List.of("a", "b"), truth, detections);

        assertThat(result.perClass()).extracting(ClassSensitivity::classIndex).containsExactly(0, 1);
        ClassSensitivity zero = result.perClass().get(0);
        ClassSensitivity one = result.perClass().get(1);
        assertThat(zero.groundTruthBoxes()).isEqualTo(1);
        assertThat(one.groundTruthBoxes()).isEqualTo(2);
        // At 0.25 FP per image only the first detection counts; at 0.5 the first three; at 1, all.
        assertThat(zero.sensitivities()).extracting(Sensitivity::sensitivity).containsExactly(0.0, 1.0, 1.0, 1.0, 1.0);
        assertThat(one.sensitivities()).extracting(Sensitivity::sensitivity).containsExactly(0.5, 0.5, 1.0, 1.0, 1.0);
        assertThat(result.sensitivities())
                .extracting(Sensitivity::sensitivity)
                .containsExactly(1.0 / 3, 2.0 / 3, 1.0, 1.0, 1.0);
    }

    @Test
    void resultDoesNotDependOnTheOrderDetectionsArrive() {
        Random random = new Random(5);
        List<String> images = List.of("a", "b", "c");
        List<GroundTruthBox> truth = List.of(truth("a", 0), truth("b", 1), truth("c", 2), truth("c", 3));
        List<Detection> detections = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            String image = images.get(random.nextInt(3));
            // Few distinct scores, so that many detections tie.
            double score = random.nextInt(4) / 4.0;
            detections.add(
                    random.nextBoolean()
                            ? hit(image, random.nextInt(4), score)
                            : miss(image, random.nextInt(4), score));
        }
        FrocResult expected = Froc.DEEPLESION.evaluate(images, truth, detections);

        for (int round = 0; round < 5; round++) {
            Collections.shuffle(detections, random);
            assertThat(Froc.DEEPLESION.evaluate(images, truth, detections)).isEqualTo(expected);
        }
    }

    @Test
    void resultSerialisesToJsonWithNamedFields() throws Exception {
        FrocResult result =
                Froc.DEEPLESION.evaluate(List.of("a"), List.of(truth("a", 0, 3)), List.of(hit("a", 0, 0.9)));

        JsonNode json = new ObjectMapper().readTree(new ObjectMapper().writeValueAsString(result));

        assertThat(json.get("images").asInt()).isEqualTo(1);
        assertThat(json.get("meanSensitivity").asDouble()).isEqualTo(1.0);
        assertThat(json.get("sensitivities")
                        .get(0)
                        .get("falsePositivesPerImage")
                        .asDouble())
                .isEqualTo(0.5);
        assertThat(json.get("perClass").get(0).get("classIndex").asInt()).isEqualTo(3);
        assertThat(json.get("curve").get(0).get("score").asDouble()).isEqualTo(0.9);
    }

    @Test
    void detectionOnAnImageOutsideTheSplitIsRejected() {
        assertThatThrownBy(() -> FINE.evaluate(List.of("a"), List.of(truth("a", 0)), List.of(hit("z", 0, 0.5))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("image z");
        assertThatThrownBy(() -> FINE.evaluate(List.of("a"), List.of(truth("y", 0)), List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("image y");
    }

    @Test
    void splitWithoutTruthIsRejected() {
        assertThatThrownBy(() -> FINE.evaluate(List.of("a"), List.of(), List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ground-truth");
        assertThatThrownBy(() -> FINE.evaluate(List.of(), List.of(), List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("image");
    }

    @Test
    void averagedRatesMustBeReported() {
        assertThatThrownBy(() -> new Froc(0.5, List.of(1.0, 2.0), List.of(4.0)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("subset");
    }

    @Test
    void theCurveIsReadBetweenTheProtocolsRatesAsAtThem() {
        // The curve of sensitivityAtARateIsTheLastPointNotBeyondIt: (0, .25) (.5, .25) (.5, .5) (1, .5) (1.5, .5)
        // (1.5, .75).
        List<Detection> detections = List.of(
                hit("a", 0, 0.9),
                miss("a", 0, 0.8),
                hit("a", 1, 0.7),
                miss("b", 0, 0.6),
                miss("b", 1, 0.5),
                hit("b", 0, 0.4));
        List<GroundTruthBox> truth = List.of(truth("a", 0), truth("a", 1), truth("b", 0), truth("b", 1));

        FrocResult result = FINE.evaluate(List.of("a", "b"), truth, detections);

        for (Sensitivity reported : result.sensitivities()) {
            assertThat(result.sensitivityAt(reported.falsePositivesPerImage())).isEqualTo(reported.sensitivity());
        }
        assertThat(result.sensitivityAt(0.125)).isEqualTo(0.25);
        assertThat(result.sensitivityAt(1.25)).isEqualTo(0.5);
        assertThat(result.sensitivityAt(1.5)).isEqualTo(0.75);
    }

    @Test
    void theScoreThresholdAtARateKeepsTheDetectionsCountedThere() {
        List<Detection> detections = List.of(
                hit("a", 0, 0.9),
                miss("a", 0, 0.8),
                hit("a", 1, 0.7),
                miss("b", 0, 0.6),
                miss("b", 1, 0.5),
                hit("b", 0, 0.4));
        List<GroundTruthBox> truth = List.of(truth("a", 0), truth("a", 1), truth("b", 0), truth("b", 1));

        FrocResult result = FINE.evaluate(List.of("a", "b"), truth, detections);

        // At 1 FP per image the curve counts down to the false positive at 0.6; the one at 0.5 would make it 1.5.
        assertThat(result.scoreThresholdAt(1)).hasValue(0.6);
        assertThat(result.scoreThresholdAt(0.25)).hasValue(0.9);
        assertThat(result.scoreThresholdAt(16)).hasValue(0.4);
        for (double rate : List.of(0.25, 0.5, 1.0, 2.0)) {
            double threshold = result.scoreThresholdAt(rate).orElseThrow();
            List<Detection> kept =
                    detections.stream().filter(d -> d.score() >= threshold).toList();
            assertThat(FINE.evaluate(List.of("a", "b"), truth, kept).sensitivityAt(16))
                    .as("sensitivity of the detections kept at %s FP per image", rate)
                    .isEqualTo(result.sensitivityAt(rate));
        }
    }

    @Test
    void noScoreThresholdWhereNoDetectionCounts() {
        FrocResult falseFirst =
                FINE.evaluate(List.of("a"), List.of(truth("a", 0)), List.of(miss("a", 0, 0.9), hit("a", 0, 0.8)));
        FrocResult none = FINE.evaluate(List.of("a"), List.of(truth("a", 0)), List.of());

        assertThat(falseFirst.scoreThresholdAt(0.5)).isEmpty();
        assertThat(falseFirst.scoreThresholdAt(1)).hasValue(0.8);
        assertThat(none.scoreThresholdAt(16)).isEmpty();
        assertThat(none.sensitivityAt(16)).isZero();
    }
}
