package org.deeplesion.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.deeplesion.ct.SamplingGrid;
import org.deeplesion.ct.SliceStack;
import org.deeplesion.ct.Window;
import org.deeplesion.recist.BoundingBox;
import org.junit.jupiter.api.Test;

class HardLesionsTest {

    private static final DetectorGeometry GEOMETRY =
            new DetectorGeometry(2.0, 2.0, Window.SOFT_TISSUE, 8, 32, 16, 2.0, 8.0);

    @Test
    void aLesionNoneOfTheBestProposalsFindsWeighsMoreThanOneTheyFind() {
        BoundingBox found = new BoundingBox(10, 10, 20, 20);
        BoundingBox missed = new BoundingBox(60, 60, 70, 70);
        List<Proposal> proposals = List.of(new Proposal(new BoundingBox(11, 10, 21, 20), 0.9));

        double[] weights = HardLesions.weights(proposals, List.of(found, missed));

        assertThat(weights).containsExactly(1, HardLesions.MISSED_WEIGHT);
        assertThat(HardLesions.missed(weights[0])).isFalse();
        assertThat(HardLesions.missed(weights[1])).isTrue();
    }

    @Test
    void aProposalFindsALesionFromHalfOverlapOn() {
        BoundingBox lesion = new BoundingBox(0, 0, 9, 9);
        // Inclusive extents: 10 x 10 boxes; shifted by 3 they share 70 of 130 pixels (0.54), by 4 60 of 140 (0.43).
        Proposal half = new Proposal(new BoundingBox(3, 0, 12, 9), 0.5);
        Proposal less = new Proposal(new BoundingBox(4, 0, 13, 9), 0.5);

        assertThat(HardLesions.found(List.of(half), lesion)).isTrue();
        assertThat(HardLesions.found(List.of(less), lesion)).isFalse();
        assertThat(HardLesions.found(List.of(less, half), lesion)).isTrue();
        assertThat(HardLesions.found(List.of(), lesion)).isFalse();
    }

    @Test
    void aLesionFoundOnlyByAProposalBelowTheBestFewCountsAsMissed() {
        BoundingBox lesion = new BoundingBox(60, 60, 70, 70);
        List<Proposal> proposals = new ArrayList<>();
        for (int i = 0; i < HardLesions.TOP; i++) {
            proposals.add(new Proposal(new BoundingBox(i * 5, 0, i * 5 + 4, 4), 0.9 - i * 0.01));
        }
        proposals.add(new Proposal(lesion, 0.1));

        assertThat(HardLesions.weights(proposals, List.of(lesion))).containsExactly(HardLesions.MISSED_WEIGHT);
        assertThat(HardLesions.weights(proposals.subList(HardLesions.TOP, proposals.size()), List.of(lesion)))
                .containsExactly(1);
    }

    @Test
    void patchCountsKeepTheirExpectedShareOnAverage() {
        Random random = new Random(7);
        int total = 0;
        int draws = 20_000;
        for (int i = 0; i < draws; i++) {
            int n = HardLesions.patches(4, 0.6, random);
            assertThat(n).isBetween(2, 3);
            total += n;
        }
        assertThat((double) total / draws).isCloseTo(2.4, within(0.03));
        assertThat(HardLesions.patches(4, 2.0, random)).isEqualTo(8);
        assertThat(HardLesions.patches(4, 0.0, random)).isZero();
    }

    @Test
    void lesionsAreChosenInProportionToTheirWeights() {
        Random random = new Random(11);
        int[] counts = new int[3];
        int draws = 30_000;
        for (int i = 0; i < draws; i++) {
            counts[HardLesions.choose(new double[] {1, 3, 0}, random)]++;
        }

        assertThat((double) counts[0] / draws).isCloseTo(0.25, within(0.02));
        assertThat((double) counts[1] / draws).isCloseTo(0.75, within(0.02));
        assertThat(counts[2]).isZero();
    }

    @Test
    void patchesAreCutAroundAHeavyLesionMoreOften() {
        // Every pixel holds its own column, so a patch's largest pixel tells where it was cut, mirrored or not (what
        // lies beyond the image's edge is 0).
        int size = 200;
        float[] pixels = new float[SliceStack.CHANNELS * size * size];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = i % size;
        }
        DetectorImage image = new DetectorImage(pixels, new SamplingGrid(0, 0, 1, 1, size, size));
        BoundingBox left = new BoundingBox(10, 90, 20, 100);
        BoundingBox right = new BoundingBox(170, 90, 180, 100);
        Random random = new Random(3);
        int aroundLeft = 0;
        int aroundRight = 0;
        for (int i = 0; i < 4_000; i++) {
            TrainingPatch patch = TrainingPatch.draw(
                    image, List.of(left, right), List.of(0, 0), new double[] {1, 4}, GEOMETRY, random);
            if (patch.boxes().isEmpty()) {
                continue;
            }
            float rightmost = 0;
            for (float p : patch.pixels()) {
                rightmost = Math.max(rightmost, p);
            }
            // The lesions are further apart than a patch is wide, so a patch holds at most one of them.
            if (rightmost < size / 2) {
                aroundLeft++;
            } else {
                aroundRight++;
            }
        }

        assertThat((double) aroundRight / (aroundLeft + aroundRight)).isCloseTo(0.8, within(0.04));
    }

    @Test
    void weightsMustBeNonNegativeAndNotAllZero() {
        Random random = new Random(1);
        assertThatThrownBy(() -> HardLesions.choose(new double[] {1, -1}, random))
                .hasMessageContaining("finite and >= 0");
        assertThatThrownBy(() -> HardLesions.choose(new double[] {0, 0}, random))
                .hasMessageContaining("> 0");
        assertThatThrownBy(() -> HardLesions.patches(4, Double.NaN, random)).hasMessageContaining("NaN");
    }
}
