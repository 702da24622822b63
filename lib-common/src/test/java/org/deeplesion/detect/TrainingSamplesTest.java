package org.deeplesion.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.deeplesion.ct.SamplingGrid;
import org.deeplesion.ct.SliceStack;
import org.deeplesion.recist.BoundingBox;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class TrainingSamplesTest {

    private static final DetectorGeometry GEOMETRY = new DetectorGeometry(2.0, 2.0,
            org.deeplesion.ct.Window.SOFT_TISSUE, 8, 32, 16, 2.0, 8.0);
    private static final DetectorImage IMAGE = new DetectorImage(new float[SliceStack.CHANNELS * 96 * 96],
            new SamplingGrid(0, 0, 1, 1, 96, 96));

    @RepeatedTest(20)
    void aPatchAlwaysHoldsTheLesionItWasCutAround() {
        BoundingBox lesion = new BoundingBox(60, 10, 70, 18);

        TrainingPatch patch = TrainingPatch.around(IMAGE, List.of(lesion), GEOMETRY, new Random());

        assertThat(patch.pixels()).hasSize(3 * 32 * 32);
        assertThat(patch.boxes()).hasSize(1);
        BoundingBox box = patch.boxes().get(0);
        assertThat(box.width()).isEqualTo(lesion.width());
        assertThat(box.height()).isEqualTo(lesion.height());
        assertThat(box.x1()).isBetween(0.0, 31.0);
        assertThat(box.x2()).isBetween(0.0, 31.0);
    }

    @Test
    void aLesionFarFromThePatchIsLeftOut() {
        BoundingBox near = new BoundingBox(10, 10, 14, 14);
        BoundingBox far = new BoundingBox(80, 80, 90, 90);

        TrainingPatch patch = TrainingPatch.around(IMAGE, List.of(near, far), GEOMETRY, new Random(3) {
            @Override
            public int nextInt(int bound) {
                return 0;
            }
        });

        assertThat(patch.boxes()).hasSize(1);
    }

    @Test
    void proposalsOnAnIgnoredLesionAreNeverBackground() {
        BoundingBox lesion = new BoundingBox(10, 10, 20, 20);
        BoundingBox unbookmarked = new BoundingBox(60, 60, 70, 70);
        List<Proposal> proposals = List.of(new Proposal(new BoundingBox(61, 61, 70, 70), 0.9),
                new Proposal(new BoundingBox(11, 10, 20, 21), 0.8), new Proposal(new BoundingBox(40, 0, 50, 8), 0.5));

        List<RegionSample> samples = RegionSampling.sample(IMAGE, List.of(lesion), List.of(2), List.of(unbookmarked),
                proposals, 10, GEOMETRY, new Random(1));

        List<RegionSample> background = samples.stream().filter(s -> s.label() == 0).toList();
        assertThat(background).as("only the proposal on empty ground").hasSize(1);
        List<RegionSample> lesions = samples.stream().filter(s -> s.label() == 2).toList();
        assertThat(lesions.size()).as("the lesion's box, jittered copies and the proposal that found it")
                .isBetween(2, 4);
        RegionSample own = lesions.get(0);
        assertThat(own.refinement().dx()).isZero();
        assertThat(own.refinement().dw()).isZero();
    }
}
