package org.deeplesion.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplesion.ct.SamplingGrid;
import org.deeplesion.ct.SliceStack;
import org.deeplesion.ct.Window;
import org.deeplesion.recist.BoundingBox;
import org.deeplesion.recist.ImageSize;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

class TwoStageNetworksTest {

    private static final DetectorGeometry GEOMETRY =
            new DetectorGeometry(2.0, 2.0, Window.SOFT_TISSUE, 8, 32, 16, 2.0, 8.0);
    private static final AnchorSize PRIOR = new AnchorSize(6, 6);

    @Test
    void proposalLabelsPeakInTheCellOfTheBoxCentreAndSizesAreMaskedToIt() {
        MultiDataSet data = ProposalNetwork.examples(
                List.of(new float[3 * 32 * 32]), List.of(List.of(new BoundingBox(9, 17, 14, 22))), PRIOR, GEOMETRY);

        INDArray centres = data.getLabels(0);
        assertThat(centres.shape()).containsExactly(1, 1, 4, 4);
        // Continuous extent [9, 15) x [17, 23) is centred on (12, 20): cell (1, 2), 0.5 into it both ways.
        assertThat(centres.getDouble(0, 0, 2, 1)).isEqualTo(1);
        assertThat(centres.getDouble(0, 0, 2, 2))
                .as("one cell away, sigma 0.5 cells")
                .isCloseTo(Math.exp(-2), within(1e-6));
        INDArray sizes = data.getLabels(1);
        assertThat(sizes.getDouble(0, 0, 2, 1)).isCloseTo(0.5, within(1e-6));
        assertThat(sizes.getDouble(0, 2, 2, 1))
                .as("log of 6 px over the 6 px prior")
                .isCloseTo(0, within(1e-6));
        assertThat(data.getLabelsMaskArray(1).sumNumber().doubleValue()).isEqualTo(4);
        assertThat(data.getLabelsMaskArray(1).getDouble(0, 3, 2, 1)).isEqualTo(1);
    }

    @Test
    void onTheFourPixelGridTheCentreFallsInItsFourPixelCellAndTheNetworkOutputsThatGrid() {
        DetectorGeometry fine = new DetectorGeometry(2.0, 2.0, Window.SOFT_TISSUE, 4, 32, 16, 2.0, 8.0);
        MultiDataSet data = ProposalNetwork.examples(
                List.of(new float[3 * 32 * 32]), List.of(List.of(new BoundingBox(9, 17, 14, 22))), PRIOR, fine);

        INDArray centres = data.getLabels(0);
        assertThat(centres.shape()).containsExactly(1, 1, 8, 8);
        // Centred on (12, 20): cell (3, 5) of 4 px, at its corner.
        assertThat(centres.getDouble(0, 0, 5, 3)).isEqualTo(1);
        assertThat(data.getLabels(1).getDouble(0, 0, 5, 3)).isCloseTo(0, within(1e-6));
        INDArray output = ProposalNetwork.create(fine, 5).output(false, data.getFeatures(0))[0];
        assertThat(output.shape()).containsExactly(1, 1, 8, 8);
    }

    @Test
    void aClassAwareMinibatchHoldsEachLabelledCentresClassOneHotAndMasksEveryOtherCell() {
        MultiDataSet data = ProposalNetwork.examples(
                List.of(new float[3 * 32 * 32]),
                List.of(List.of(new BoundingBox(9, 17, 14, 22), new BoundingBox(1, 1, 4, 4))),
                List.of(List.of(3, 0)),
                3,
                PRIOR,
                GEOMETRY);

        assertThat(data.getLabels()).hasSize(3);
        INDArray classes = data.getLabels(2);
        assertThat(classes.shape()).containsExactly(1, 3, 4, 4);
        assertThat(classes.getDouble(0, 2, 2, 1))
                .as("class 3 in the centre cell")
                .isEqualTo(1);
        assertThat(classes.sumNumber().doubleValue()).isEqualTo(1);
        INDArray mask = data.getLabelsMaskArray(2);
        assertThat(mask.shape()).containsExactly(1, 1, 4, 4);
        assertThat(mask.sumNumber().doubleValue())
                .as("the labelled centre's cell; the unlabelled box's cell not at all")
                .isEqualTo(1);
        assertThat(mask.getDouble(0, 0, 2, 1)).isEqualTo(1);
        assertThat(mask.getDouble(0, 0, 0, 0)).isZero();
    }

    @Test
    void aClassAwareProposalNetworkTrainsItsClassHeadAndProposesAsBefore() {
        ComputationGraph net = ProposalNetwork.create(GEOMETRY, 7, 2);
        assertThat(net.getConfiguration().getNetworkOutputs())
                .containsExactly(ProposalNetwork.CENTRES, ProposalNetwork.SIZES, ProposalNetwork.CLASSES);
        Random random = new Random(5);
        List<float[]> patches = new ArrayList<>();
        List<List<BoundingBox>> boxes = new ArrayList<>();
        List<List<Integer>> labels = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            int x = 4 + random.nextInt(20);
            int y = 4 + random.nextInt(20);
            // Class 1 is bright, class 2 dim: the head can only tell them apart by what the backbone sees.
            patches.add(i % 2 == 0 ? blob(32, x, y, 6) : scaled(blob(32, x, y, 6), 0.3f));
            boxes.add(List.of(new BoundingBox(x, y, x + 5, y + 5)));
            labels.add(List.of(1 + i % 2));
        }
        MultiDataSet batch = ProposalNetwork.examples(patches, boxes, labels, 2, PRIOR, GEOMETRY);
        net.fit(batch);
        double before = net.score(batch);
        for (int epoch = 0; epoch < 30; epoch++) {
            net.fit(batch);
        }

        assertThat(net.score(batch)).isLessThan(before);
        DetectorImage image = new DetectorImage(blob(32, 20, 8, 6), new SamplingGrid(0, 0, 1, 1, 32, 32));
        assertThat(ProposalNetwork.propose(net, image, PRIOR, 5, 0.7)).isNotEmpty();
    }

    private static float[] scaled(float[] pixels, float factor) {
        float[] out = pixels.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] *= factor;
        }
        return out;
    }

    @Test
    void theProposalNetworkLearnsWhereABrightBlobIs() {
        ComputationGraph net = ProposalNetwork.create(GEOMETRY, 7);
        Random random = new Random(5);
        List<MultiDataSet> batches = new ArrayList<>();
        for (int b = 0; b < 4; b++) {
            List<float[]> patches = new ArrayList<>();
            List<List<BoundingBox>> boxes = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                int x = 4 + random.nextInt(20);
                int y = 4 + random.nextInt(20);
                patches.add(blob(32, x, y, 6));
                boxes.add(List.of(new BoundingBox(x, y, x + 5, y + 5)));
            }
            batches.add(ProposalNetwork.examples(patches, boxes, PRIOR, GEOMETRY));
        }
        net.fit(batches.get(0));
        double before = net.score(batches.get(0));
        for (int epoch = 0; epoch < 40; epoch++) {
            batches.forEach(net::fit);
        }

        assertThat(net.score(batches.get(0))).isLessThan(before / 2);
        DetectorImage image = new DetectorImage(blob(32, 20, 8, 6), new SamplingGrid(0, 0, 1, 1, 32, 32));
        Proposal best = ProposalNetwork.propose(net, image, PRIOR, 5, 0.7).get(0);
        BoundingBox blob = new BoundingBox(20, 8, 25, 13);
        assertThat(blob.contains(best.box().centre()))
                .as("centre of %s inside the blob", best)
                .isTrue();
        assertThat(best.box().iou(blob)).as("%s", best).isGreaterThan(0.3);
        Proposal flipped =
                ProposalNetwork.propose(net, image, PRIOR, 5, 0.7, true).get(0);
        assertThat(blob.contains(flipped.box().centre()))
                .as("centre of %s inside the blob", flipped)
                .isTrue();
        assertThat(flipped.box().iou(blob)).as("%s", flipped).isGreaterThan(0.3);
    }

    @Test
    void flippedProposalsOfAMirrorImageAreTheMirrorImagesOfTheFlippedProposals() {
        ComputationGraph net = ProposalNetwork.create(GEOMETRY, 11);
        float[] pixels = blob(32, 3, 9, 7);
        float[] mirrored = new float[pixels.length];
        ProposalNetwork.mirror(pixels, 0, mirrored, 0, SliceStack.CHANNELS * 32, 32);
        SamplingGrid grid = new SamplingGrid(0, 0, 1, 1, 32, 32);

        List<Proposal> direct = ProposalNetwork.propose(net, new DetectorImage(pixels, grid), PRIOR, 16, 1.0, true);
        List<Proposal> ofMirror = ProposalNetwork.propose(net, new DetectorImage(mirrored, grid), PRIOR, 16, 1.0, true);

        // No suppression (IoU threshold 1): both lists hold every peak of the mean map, one the mirror of the other.
        assertThat(ofMirror).hasSameSizeAs(direct).isNotEmpty();
        for (Proposal p : direct) {
            BoundingBox expected = new BoundingBox(
                    31 - p.box().x2(), p.box().y1(), 31 - p.box().x1(), p.box().y2());
            assertThat(ofMirror).as("the mirror image of %s", p).anySatisfy(m -> {
                assertThat(m.score()).isCloseTo(p.score(), within(1e-5));
                assertThat(m.box().iou(expected)).isGreaterThan(0.999);
            });
        }
        assertThat(ProposalNetwork.propose(net, new DetectorImage(pixels, grid), PRIOR, 16, 1.0, false))
                .as("one view alone is not symmetric")
                .noneSatisfy(p -> assertThat(p.score()).isCloseTo(direct.get(0).score(), within(1e-6)));
    }

    @Test
    void theRegionClassifierTellsBlobsFromBackgroundAndTheRefinementIsMaskedForBackground() {
        ComputationGraph net = RegionClassifier.create(2, GEOMETRY, 3);
        List<RegionSample> samples = new ArrayList<>();
        DetectorImage blobImage = new DetectorImage(blob(32, 12, 12, 8), new SamplingGrid(0, 0, 1, 1, 32, 32));
        DetectorImage empty = new DetectorImage(new float[3 * 32 * 32], new SamplingGrid(0, 0, 1, 1, 32, 32));
        BoundingBox lesion = new BoundingBox(12, 12, 19, 19);
        for (int i = 0; i < 16; i++) {
            samples.add(new RegionSample(
                    RegionClassifier.region(blobImage, lesion, GEOMETRY),
                    1 + i % 2,
                    BoxCoder.REFINEMENT.encode(lesion, lesion)));
            samples.add(new RegionSample(RegionClassifier.region(empty, lesion, GEOMETRY), 0, null));
        }
        MultiDataSet data = RegionClassifier.examples(samples, 2, GEOMETRY);
        assertThat(data.getLabelsMaskArray(1).getRow(1).sumNumber().doubleValue())
                .isZero();
        assertThat(data.getLabelsMaskArray(1).getRow(0).sumNumber().doubleValue())
                .isEqualTo(4);
        assertThat(data.getLabelsMaskArray(0).sumNumber().doubleValue()).isEqualTo(samples.size());
        for (int i = 0; i < 80; i++) {
            net.fit(data);
        }

        RegionScore[] scores = RegionClassifier.score(
                net,
                List.of(
                        RegionClassifier.region(blobImage, lesion, GEOMETRY),
                        RegionClassifier.region(empty, lesion, GEOMETRY)),
                GEOMETRY);
        assertThat(scores[0].lesion()).isGreaterThan(0.8);
        assertThat(scores[1].lesion()).isLessThan(0.2);
        assertThat(RegionClassifier.classes(net)).isEqualTo(2);
    }

    @Test
    void theRefinementLearnsToMoveABoxThatMissesItsLesionBackOntoIt() {
        ComputationGraph net = RegionClassifier.create(1, GEOMETRY, 3);
        DetectorImage image = new DetectorImage(blob(32, 12, 12, 8), new SamplingGrid(0, 0, 1, 1, 32, 32));
        BoundingBox lesion = new BoundingBox(12, 12, 19, 19);
        Random random = new Random(9);
        List<RegionSample> samples = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            // Off by 2 to 4 px either way along x: IoU 0.33 to 0.6.
            double dx = (2 + 2 * random.nextDouble()) * (i % 2 == 0 ? 1 : -1);
            BoundingBox off = new BoundingBox(lesion.x1() + dx, lesion.y1(), lesion.x2() + dx, lesion.y2());
            samples.add(RegionSample.refinementOnly(
                    RegionClassifier.region(image, off, GEOMETRY), BoxCoder.REFINEMENT.encode(off, lesion)));
        }
        MultiDataSet data = RegionClassifier.examples(samples, 1, GEOMETRY);
        assertThat(data.getLabelsMaskArray(0).sumNumber().doubleValue())
                .as("no class loss")
                .isZero();
        for (int i = 0; i < 150; i++) {
            net.fit(data);
        }

        for (double dx : new double[] {-3, 3}) {
            BoundingBox off = new BoundingBox(lesion.x1() + dx, lesion.y1(), lesion.x2() + dx, lesion.y2());
            RegionScore score =
                    RegionClassifier.score(net, List.of(RegionClassifier.region(image, off, GEOMETRY)), GEOMETRY)[0];
            BoundingBox refined = BoxCoder.REFINEMENT.decode(off, score.refinement());
            assertThat(refined.iou(lesion))
                    .as("%s refined from %s", refined, off)
                    .isGreaterThan(off.iou(lesion) + 0.2);
        }
    }

    @Test
    void theDetectorReportsBoxesOnTheOriginalSliceClippedToIt() {
        LesionDetector detector = new LesionDetector(
                GEOMETRY,
                new DetectorSettings(10, 0.7, 0.3, 4, true),
                ProposalNetwork.create(GEOMETRY, 1),
                RegionClassifier.create(1, GEOMETRY, 1),
                PRIOR);
        // A 64 x 64 slice at 1 mm is 32 x 32 detector pixels at 2 mm.
        DetectorImage image = new DetectorImage(blob(32, 10, 10, 6), GEOMETRY.imageGrid(64, 64, 1.0, 1.0));

        List<Detection> found = detector.detect("image-1", image, new ImageSize(64, 64));

        assertThat(found).isNotEmpty().hasSizeLessThanOrEqualTo(4);
        assertThat(found).allSatisfy(d -> {
            assertThat(d.imageKey()).isEqualTo("image-1");
            assertThat(d.box().x1()).isBetween(0.0, 63.0);
            assertThat(d.box().x2()).isBetween(0.0, 63.0);
            assertThat(d.score()).isBetween(0.0, 1.0);
        });
        assertThat(found).isSortedAccordingTo(Detection.BY_SCORE);
    }

    @Test
    void aDetectionScoresItsProposalsObjectnessTimesTheRegionsLesionProbability() {
        ComputationGraph proposals = ProposalNetwork.create(GEOMETRY, 1);
        // A classifier that says P(lesion) = 0.75 of every region and moves no box.
        ComputationGraph classifier = RegionClassifier.create(1, GEOMETRY, 1);
        var classes = classifier.getLayer(RegionClassifier.CLASSES);
        classes.setParam("W", classes.getParam("W").mul(0));
        classes.setParam("b", Nd4j.createFromArray(new float[][] {{0, (float) Math.log(3)}}));
        var refinement = classifier.getLayer(RegionClassifier.REFINEMENT);
        refinement.setParam("W", refinement.getParam("W").mul(0));
        refinement.setParam("b", refinement.getParam("b").mul(0));
        LesionDetector detector = new LesionDetector(
                GEOMETRY, new DetectorSettings(10, 0.7, 0.3, 10, false), proposals, classifier, PRIOR);
        DetectorImage image = new DetectorImage(blob(32, 10, 10, 6), GEOMETRY.imageGrid(64, 64, 1.0, 1.0));

        List<Detection> found = detector.detect("image-1", image, new ImageSize(64, 64));

        List<Proposal> expected = ProposalNetwork.propose(proposals, image, PRIOR, 10, 0.7);
        assertThat(found).isNotEmpty();
        assertThat(found).allSatisfy(d -> {
            Proposal p = expected.stream()
                    .filter(e -> BoxCoder.clip(image.toSlice(e.box()), new ImageSize(64, 64))
                                    .iou(d.box())
                            > 0.999)
                    .findFirst()
                    .orElseThrow();
            assertThat(d.score()).isCloseTo(p.score() * 0.75, within(1e-5));
        });
        assertThat(found.get(0).score()).isCloseTo(expected.get(0).score() * 0.75, within(1e-5));
    }

    /** Three channels of a {@code size} square, 1 inside a {@code side} square at (x, y), 0.2 elsewhere. */
    private static float[] blob(int n, int x, int y, int side) {
        float[] out = new float[SliceStack.CHANNELS * n * n];
        for (int c = 0; c < SliceStack.CHANNELS; c++) {
            for (int r = 0; r < n; r++) {
                for (int col = 0; col < n; col++) {
                    boolean inside = r >= y && r < y + side && col >= x && col < x + side;
                    out[c * n * n + r * n + col] = inside ? 1f : 0.2f;
                }
            }
        }
        return out;
    }
}
