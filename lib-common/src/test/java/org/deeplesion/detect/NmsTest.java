package org.deeplesion.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.deeplesion.recist.BoundingBox;
import org.junit.jupiter.api.Test;

class NmsTest {

    private static Detection detection(
            String image, double x1, double y1, double x2, double y2, double score, int classIndex) {
        return new Detection(image, new BoundingBox(x1, y1, x2, y2), score, classIndex);
    }

    @Test
    void overlappingLowerScoredBoxIsSuppressed() {
        Detection strong = detection("a", 0, 0, 9, 9, 0.9, 0);
        Detection weak = detection("a", 1, 0, 10, 9, 0.8, 0);

        assertThat(Nms.suppress(List.of(weak, strong), 0.5)).containsExactly(strong);
    }

    @Test
    void boxBelowTheThresholdSurvives() {
        // Half-shifted 10 x 10 boxes overlap with IoU 1/3.
        Detection strong = detection("a", 0, 0, 9, 9, 0.9, 0);
        Detection neighbour = detection("a", 5, 0, 14, 9, 0.8, 0);

        assertThat(Nms.suppress(List.of(strong, neighbour), 0.3)).containsExactly(strong);
        assertThat(Nms.suppress(List.of(strong, neighbour), 0.34)).containsExactly(strong, neighbour);
    }

    @Test
    void boxAtExactlyTheThresholdIsKept() {
        // 10 x 10 boxes sharing 5 x 10 pixels: IoU exactly 50 / 150.
        Detection strong = detection("a", 0, 0, 9, 9, 0.9, 0);
        Detection neighbour = detection("a", 5, 0, 14, 9, 0.8, 0);
        double iou = strong.box().iou(neighbour.box());

        assertThat(Nms.suppress(List.of(strong, neighbour), iou)).containsExactly(strong, neighbour);
    }

    @Test
    void suppressedBoxDoesNotSuppressOthers() {
        // b is suppressed by a; c overlaps b heavily but not a, so c must survive.
        Detection a = detection("img", 0, 0, 9, 9, 0.9, 0);
        Detection b = detection("img", 4, 0, 13, 9, 0.8, 0);
        Detection c = detection("img", 8, 0, 17, 9, 0.7, 0);

        assertThat(a.box().iou(b.box())).isGreaterThan(0.4);
        assertThat(b.box().iou(c.box())).isGreaterThan(0.4);
        assertThat(a.box().iou(c.box())).isLessThan(0.4);
        assertThat(Nms.suppress(List.of(c, b, a), 0.4)).containsExactly(a, c);
    }

    @Test
    void boxesOnDifferentImagesNeverSuppressEachOther() {
        Detection onA = detection("a", 0, 0, 9, 9, 0.9, 0);
        Detection onB = detection("b", 0, 0, 9, 9, 0.8, 0);

        assertThat(Nms.suppress(List.of(onA, onB), 0.1)).containsExactly(onA, onB);
    }

    @Test
    void perClassSuppressionKeepsOverlappingBoxesOfOtherClasses() {
        Detection liver = detection("a", 0, 0, 9, 9, 0.9, 1);
        Detection node = detection("a", 0, 0, 9, 9, 0.8, 2);
        Detection liverAgain = detection("a", 0, 0, 9, 10, 0.7, 1);

        assertThat(Nms.suppressPerClass(List.of(liver, node, liverAgain), 0.5)).containsExactly(liver, node);
        assertThat(Nms.suppress(List.of(liver, node, liverAgain), 0.5)).containsExactly(liver);
    }

    @Test
    void equalScoresAreBrokenTheSameWayWhateverTheInputOrder() {
        List<Detection> detections = new ArrayList<>();
        Random random = new Random(7);
        for (int i = 0; i < 40; i++) {
            double x = random.nextInt(30);
            double y = random.nextInt(30);
            detections.add(detection("img", x, y, x + 9, y + 9, i % 3 == 0 ? 0.5 : 0.25, 0));
        }
        List<Detection> expected = Nms.suppress(detections, 0.3);

        for (int round = 0; round < 5; round++) {
            Collections.shuffle(detections, random);
            assertThat(Nms.suppress(detections, 0.3)).isEqualTo(expected);
        }
    }

    @Test
    void keptBoxesOverlapEachOtherAtMostAtTheThreshold() {
        List<Detection> detections = new ArrayList<>();
        Random random = new Random(11);
        for (int i = 0; i < 200; i++) {
            double x = random.nextDouble() * 50;
            double y = random.nextDouble() * 50;
            detections.add(detection(
                    "img", x, y, x + 5 + random.nextInt(10), y + 5 + random.nextInt(10), random.nextDouble(), 0));
        }

        List<Detection> kept = Nms.suppress(detections, 0.5);

        assertThat(kept).isNotEmpty().isSortedAccordingTo(Detection.BY_SCORE);
        for (int i = 0; i < kept.size(); i++) {
            for (int j = i + 1; j < kept.size(); j++) {
                assertThat(kept.get(i).box().iou(kept.get(j).box())).isLessThanOrEqualTo(0.5);
            }
        }
        // Every dropped box is explained by a kept box that outranks it.
        for (Detection d : detections) {
            if (!kept.contains(d)) {
                assertThat(kept)
                        .anyMatch(k ->
                                Detection.BY_SCORE.compare(k, d) < 0 && k.box().iou(d.box()) > 0.5);
            }
        }
    }

    @Test
    void noDetectionsGiveNoDetections() {
        assertThat(Nms.suppress(List.of(), 0.5)).isEmpty();
    }

    @Test
    void thresholdOutsideTheUnitIntervalIsRejected() {
        assertThatThrownBy(() -> Nms.suppress(List.of(), 1.5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[0, 1]");
        assertThatThrownBy(() -> Nms.suppress(List.of(), Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void proposalsAreSuppressedRankedAndCappedAtTheLimit() {
        Proposal strong = new Proposal(new BoundingBox(0, 0, 9, 9), 0.9);
        Proposal shadow = new Proposal(new BoundingBox(1, 0, 10, 9), 0.8);
        Proposal apart = new Proposal(new BoundingBox(30, 30, 39, 39), 0.7);
        Proposal far = new Proposal(new BoundingBox(60, 60, 69, 69), 0.6);

        assertThat(Nms.suppressProposals(List.of(far, shadow, apart, strong), 0.5, 10))
                .containsExactly(strong, apart, far);
        assertThat(Nms.suppressProposals(List.of(far, shadow, apart, strong), 0.5, 2))
                .containsExactly(strong, apart);
        assertThat(Nms.suppressProposals(List.of(strong, shadow), 0.9, 10)).containsExactly(strong, shadow);
        assertThatThrownBy(() -> Nms.suppressProposals(List.of(strong), 1.5, 10))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1.5");
    }
}
