package org.deeplesion.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.deeplesion.ct.SamplingGrid;
import org.deeplesion.ct.SliceStack;
import org.deeplesion.ct.Window;
import org.deeplesion.recist.BoundingBox;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.api.MultiDataSet;

class TrainingSamplesTest {

    private static final DetectorGeometry GEOMETRY =
            new DetectorGeometry(2.0, 2.0, Window.SOFT_TISSUE, 8, 32, 16, 2.0, 8.0);
    private static final DetectorImage IMAGE =
            new DetectorImage(new float[SliceStack.CHANNELS * 96 * 96], new SamplingGrid(0, 0, 1, 1, 96, 96));
    /** Each pixel holds its column. */
    private static final DetectorImage COLUMNS = columns();

    @RepeatedTest(10)
    void eachBoxOfAPatchKeepsItsLabel() {
        BoundingBox small = new BoundingBox(40, 40, 44, 44);
        BoundingBox large = new BoundingBox(46, 40, 60, 54);

        TrainingPatch patch =
                TrainingPatch.draw(IMAGE, List.of(small, large), List.of(2, 5), null, GEOMETRY, new Random());

        assertThat(patch.labels()).hasSameSizeAs(patch.boxes());
        for (int i = 0; i < patch.boxes().size(); i++) {
            assertThat(patch.labels().get(i))
                    .as("%s", patch.boxes().get(i))
                    .isEqualTo(patch.boxes().get(i).width() < 6.5 ? 2 : 5);
        }
    }

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
    void patchesAnywhereReachEveryPartOfTheImageAndKeepTheLesionsTheyHappenToHold() {
        // Every pixel holds its own column, so a patch's corner tells where it was cut.
        DetectorImage image = COLUMNS;
        BoundingBox lesion = new BoundingBox(60, 10, 70, 18);
        Random random = new Random(5);
        float leftmost = 96;
        float rightmost = -1;
        int withLesion = 0;
        for (int i = 0; i < 300; i++) {
            TrainingPatch patch = TrainingPatch.anywhere(image, List.of(lesion), GEOMETRY, random);
            float left = Math.min(patch.pixels()[0], patch.pixels()[31]);
            leftmost = Math.min(leftmost, left);
            rightmost = Math.max(rightmost, left);
            if (!patch.boxes().isEmpty()) {
                withLesion++;
                BoundingBox box = patch.boxes().get(0);
                // The lesion's columns, seen through the patch (mirrored or not), are its columns in the image.
                int column = (int) ((box.x1() + box.x2()) / 2);
                assertThat(patch.pixels()[(int) box.y1() * 32 + column]).isBetween(60f, 70f);
            }
        }
        assertThat(leftmost).isZero();
        assertThat(rightmost).isEqualTo(96 - 32);
        assertThat(withLesion).as("patches holding the lesion").isBetween(20, 200);
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
        List<Proposal> proposals = List.of(
                new Proposal(new BoundingBox(61, 61, 70, 70), 0.9),
                new Proposal(new BoundingBox(11, 10, 20, 21), 0.8),
                new Proposal(new BoundingBox(40, 0, 50, 8), 0.5));

        // One background region, drawn from the proposals; only one of them is on empty ground.
        for (int seed = 0; seed < 10; seed++) {
            List<RegionSample> samples = RegionSampling.sample(
                    COLUMNS,
                    List.of(lesion),
                    List.of(2),
                    List.of(unbookmarked),
                    proposals,
                    1,
                    GEOMETRY,
                    new Random(seed));

            List<RegionSample> background =
                    samples.stream().filter(s -> s.label() == 0).toList();
            assertThat(background).hasSize(1);
            assertThat(background.get(0).pixels())
                    .isEqualTo(RegionClassifier.region(COLUMNS, proposals.get(2).box(), GEOMETRY));
        }
        List<RegionSample> samples = RegionSampling.sample(
                IMAGE, List.of(lesion), List.of(2), List.of(unbookmarked), proposals, 1, GEOMETRY, new Random(1));
        List<RegionSample> lesions =
                samples.stream().filter(s -> s.label() == 2).toList();
        assertThat(lesions.size())
                .as("the lesion's box, jittered copies and the proposal that found it")
                .isBetween(2, 4);
        RegionSample own = lesions.get(0);
        assertThat(own.refinement().dx()).isZero();
        assertThat(own.refinement().dw()).isZero();
    }

    @Test
    void boxesAnywhereMayCopyAProposalOnePixelWideAndStayOnePixelWide() {
        // Proposals clipped to the image's edge can be a single pixel wide; copying one at a random place once
        // ended a training run with "box needs x1 <= x2" when (x1 + 1) - 1 rounded below x1.
        List<BoundingBox> onePixel = List.of(new BoundingBox(95, 40, 95, 40));

        List<BoundingBox> anywhere = RegionSampling.anywhere(IMAGE, List.of(), onePixel, 2000, new Random(4));

        assertThat(anywhere).hasSize(2000).allSatisfy(b -> {
            assertThat(b.x2()).isEqualTo(b.x1());
            assertThat(b.y2()).isEqualTo(b.y1());
        });
    }

    @Test
    void backgroundRegionsAreAsManyAsAskedAQuarterOfThemAnywhereAndNoneOnALesion() {
        BoundingBox lesion = new BoundingBox(10, 10, 20, 20);
        BoundingBox unbookmarked = new BoundingBox(60, 60, 70, 70);
        List<Proposal> proposals = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            proposals.add(new Proposal(new BoundingBox(30 + 4 * i, 30, 39 + 4 * i, 39), 1 - i / 20.0));
        }

        List<RegionSample> samples = RegionSampling.sample(
                IMAGE, List.of(lesion), List.of(1), List.of(unbookmarked), proposals, 8, GEOMETRY, new Random(2));
        List<BoundingBox> anywhere = RegionSampling.anywhere(
                IMAGE,
                List.of(lesion, unbookmarked),
                proposals.stream().map(Proposal::box).toList(),
                200,
                new Random(3));

        assertThat(samples.stream().filter(s -> s.label() == 0)).hasSize(8);
        assertThat(anywhere).hasSize(200).allSatisfy(b -> {
            assertThat(b.iou(lesion)).isLessThan(RegionSampling.NEGATIVE_IOU);
            assertThat(b.iou(unbookmarked)).isLessThan(RegionSampling.NEGATIVE_IOU);
            assertThat(b.x1()).isGreaterThanOrEqualTo(0);
            assertThat(b.x2()).isLessThanOrEqualTo(95);
            assertThat(b.width()).isCloseTo(10, within(1e-9));
        });
        assertThat(anywhere.stream().mapToDouble(BoundingBox::x1).max().orElseThrow())
                .isGreaterThan(70);
        assertThat(anywhere.stream().mapToDouble(BoundingBox::y1).min().orElseThrow())
                .isLessThan(10);
    }

    @Test
    void looseCopiesMissTheirLesionAndTeachOnlyTheRefinementBackOntoIt() {
        BoundingBox lesion = new BoundingBox(30, 40, 49, 53);
        List<BoundingBox> loose = new ArrayList<>();
        for (int seed = 0; seed < 20; seed++) {
            for (RegionSample s : RegionSampling.sample(
                    IMAGE, List.of(lesion), List.of(1), List.of(), List.of(), 0, GEOMETRY, new Random(seed))) {
                if (!s.classified()) {
                    assertThat(s.label()).isEqualTo(RegionSample.REFINEMENT_ONLY);
                    loose.add(reference(lesion, s.refinement()));
                }
            }
        }

        assertThat(loose).as("up to 3 per lesion and image").hasSizeBetween(10, 60);
        assertThat(loose)
                .allSatisfy(box -> assertThat(box.iou(lesion))
                        .isGreaterThanOrEqualTo(RegionSampling.LOOSE_MIN_IOU)
                        .isLessThan(RegionSampling.POSITIVE_IOU));
        assertThat(loose)
                .as("both too small and too large")
                .anySatisfy(b -> assertThat(b.width()).isLessThan(18))
                .anySatisfy(b -> assertThat(b.width()).isGreaterThan(22));
    }

    @Test
    void partsAreLesionsWithTheirProbabilityRefinedTowardsThemAndNeverBackground() {
        BoundingBox lesion = new BoundingBox(10, 10, 20, 20);
        BoundingBox part = new BoundingBox(60, 60, 70, 70);
        List<Proposal> proposals = List.of(
                new Proposal(new BoundingBox(61, 61, 70, 70), 0.9), new Proposal(new BoundingBox(40, 0, 50, 8), 0.5));

        for (int seed = 0; seed < 10; seed++) {
            List<RegionSample> samples = RegionSampling.sample(
                    COLUMNS,
                    List.of(lesion),
                    List.of(1),
                    List.of(),
                    List.of(part),
                    0.4,
                    proposals,
                    1,
                    GEOMETRY,
                    new Random(seed));

            List<RegionSample> parts =
                    samples.stream().filter(s -> s.label() == RegionSample.PART).toList();
            assertThat(parts)
                    .as("the part's box, jittered copies and the proposal that found it")
                    .hasSizeBetween(2, 4)
                    .allSatisfy(s -> assertThat(s.partProbability()).isEqualTo(0.4))
                    .allSatisfy(s -> assertThat(reference(part, s.refinement()).iou(part))
                            .isGreaterThanOrEqualTo(RegionSampling.POSITIVE_IOU));
            assertThat(parts.get(0).pixels()).isEqualTo(RegionClassifier.region(COLUMNS, part, GEOMETRY));
            assertThat(parts)
                    .anySatisfy(s -> assertThat(s.pixels())
                            .isEqualTo(RegionClassifier.region(
                                    COLUMNS, proposals.get(0).box(), GEOMETRY)));
            assertThat(samples.stream().filter(s -> s.label() == 0))
                    .singleElement()
                    .satisfies(s -> assertThat(s.pixels())
                            .isEqualTo(RegionClassifier.region(
                                    COLUMNS, proposals.get(1).box(), GEOMETRY)));
        }
    }

    @Test
    void withoutAProbabilityPartsAreLeftOutOfTheClassLossAndStillNeverBackground() {
        BoundingBox part = new BoundingBox(60, 60, 70, 70);
        List<Proposal> onThePart = List.of(new Proposal(new BoundingBox(61, 61, 70, 70), 0.9));

        List<RegionSample> samples = RegionSampling.sample(
                COLUMNS, List.of(), List.of(), List.of(), List.of(part), 0, onThePart, 4, GEOMETRY, new Random(5));

        assertThat(samples).noneMatch(s -> s.label() == RegionSample.PART);
        assertThat(samples)
                .as("background boxes anywhere, none the proposal on the part")
                .filteredOn(s -> s.label() == 0)
                .hasSize(4)
                .noneMatch(s -> Arrays.equals(
                        s.pixels(),
                        RegionClassifier.region(COLUMNS, onThePart.get(0).box(), GEOMETRY)));
    }

    @Test
    void aPartsClassTargetIsItsProbabilitySpreadOverTheClassesAndTheRestBackground() {
        float[] pixels = RegionClassifier.region(IMAGE, new BoundingBox(10, 10, 20, 20), GEOMETRY);
        BoxDelta none = new BoxDelta(0, 0, 0, 0);

        MultiDataSet minibatch = RegionClassifier.examples(
                List.of(RegionSample.part(pixels, none, 0.6), new RegionSample(pixels, 2, none)), 3, GEOMETRY);

        assertThat(minibatch.getLabels(0).getRow(0).toFloatVector())
                .containsExactly(new float[] {0.4f, 0.2f, 0.2f, 0.2f}, within(1e-6f));
        assertThat(minibatch.getLabels(0).getRow(1).toFloatVector()).containsExactly(0, 0, 1, 0);
        assertThat(minibatch.getLabelsMaskArray(0).toFloatVector()).containsExactly(1, 1);
    }

    @Test
    void aPartNeedsAProbabilityStrictlyBetweenNothingAndCertaintyAndNoOtherExampleHasOne() {
        float[] pixels = new float[4];
        BoxDelta none = new BoxDelta(0, 0, 0, 0);

        assertThatThrownBy(() -> RegionSample.part(pixels, none, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be in (0, 1)");
        assertThatThrownBy(() -> RegionSample.part(pixels, none, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RegionSample(pixels, 1, none, 0.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RegionSampling.sample(
                        IMAGE, List.of(), List.of(), List.of(), List.of(), 1.0, List.of(), 1, GEOMETRY, new Random()))
                .hasMessage("a part's lesion probability must be in [0, 1), was 1.0");
    }

    /** The box a refinement delta starts from, given the lesion it leads to. */
    private static BoundingBox reference(BoundingBox lesion, BoxDelta d) {
        BoxCoder c = BoxCoder.REFINEMENT;
        double w = lesion.width() / Math.exp(d.dw() / c.weightWidth());
        double h = lesion.height() / Math.exp(d.dh() / c.weightHeight());
        double cx = lesion.centre().x() - d.dx() / c.weightX() * w;
        double cy = lesion.centre().y() - d.dy() / c.weightY() * h;
        BoundingBox box = new BoundingBox(cx - (w - 1) / 2, cy - (h - 1) / 2, cx + (w - 1) / 2, cy + (h - 1) / 2);
        assertThat(c.decode(box, d).iou(lesion)).isCloseTo(1, within(1e-9));
        return box;
    }

    private static DetectorImage columns() {
        float[] pixels = new float[SliceStack.CHANNELS * 96 * 96];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = i % 96;
        }
        return new DetectorImage(pixels, new SamplingGrid(0, 0, 1, 1, 96, 96));
    }
}
