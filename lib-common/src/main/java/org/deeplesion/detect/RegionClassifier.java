package org.deeplesion.detect;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplesion.ct.SliceStack;
import org.deeplesion.nn.OneDnn;
import org.deeplesion.recist.BoundingBox;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The second stage: each proposal's region, cut out of the three slices with context around it and resampled to a
 * fixed size ({@link DetectorImage#region}), is scored by a small CNN over background plus the lesion classes
 * (softmax; a region's lesion score is 1 - P(background)), and its box refined ({@link BoxCoder#REFINEMENT}
 * deltas). DL4J has no ROI pooling with gradients, so regions are cut from the input rather than from shared feature
 * maps; the regions are small, so this costs little.
 */
public final class RegionClassifier {

    public static final String INPUT = "regions";
    public static final String CLASSES = "classes";
    public static final String REFINEMENT = "refinement";

    private RegionClassifier() {}

    /** @param classes lesion classes, without background */
    public static ComputationGraph create(int classes, DetectorGeometry geometry, long seed) {
        requireNonNull(geometry, "geometry");
        if (classes < 1) {
            throw new IllegalArgumentException("the region classifier needs at least one lesion class, was " + classes);
        }
        OneDnn.enable();
        int n = geometry.regionPx();
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .updater(new Adam(1e-3))
                .weightInit(WeightInit.RELU)
                .convolutionMode(ConvolutionMode.Same)
                .graphBuilder()
                .addInputs(INPUT)
                .setInputTypes(InputType.convolutional(n, n, SliceStack.CHANNELS))
                .addLayer("conv1", conv(32), INPUT)
                .addLayer("pool1", pool(), "conv1")
                .addLayer("conv2", conv(64), "pool1")
                .addLayer("pool2", pool(), "conv2")
                .addLayer("conv3", conv(96), "pool2")
                .addLayer("conv4", conv(96), "conv3")
                // Pooled to a coarse grid, not globally: global average pooling forgets where in the region the
                // lesion lies, and the refinement, left to guess, moves no box at all (docs/experiments.md).
                .addLayer("pool3", pool(), "conv4")
                .addLayer(
                        "dense",
                        new DenseLayer.Builder()
                                .nOut(128)
                                .activation(Activation.RELU)
                                .build(),
                        "pool3")
                .addLayer(
                        CLASSES,
                        new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                                .nOut(classes + 1)
                                .activation(Activation.SOFTMAX)
                                .weightInit(WeightInit.XAVIER)
                                .build(),
                        "dense")
                .addLayer(
                        REFINEMENT,
                        new OutputLayer.Builder(LossFunctions.LossFunction.MSE)
                                .nOut(4)
                                .activation(Activation.IDENTITY)
                                .weightInit(WeightInit.XAVIER)
                                .build(),
                        "dense")
                .setOutputs(CLASSES, REFINEMENT)
                .build();
        ComputationGraph net = new ComputationGraph(conf);
        net.init();
        return net;
    }

    /** Lesion classes of a network built by {@link #create}. */
    public static int classes(ComputationGraph net) {
        var layer = net.getLayer(CLASSES);
        if (layer == null) {
            throw new IllegalArgumentException("the network has no output named '" + CLASSES + "'");
        }
        return (int) layer.getParam("W").size(1) - 1;
    }

    /** The region the classifier sees for a box: centred on it, {@code regionContext} times its larger side. */
    public static float[] region(DetectorImage image, BoundingBox box, DetectorGeometry geometry) {
        double side = Math.max(
                Math.max(box.width(), box.height()) * geometry.regionContext(),
                geometry.minRegionMm() / geometry.spacingMm());
        return image.region((box.x1() + box.x2()) / 2, (box.y1() + box.y2()) / 2, side, geometry.regionPx());
    }

    /**
     * A minibatch; the refinement loss is masked out for background regions and the class loss for
     * {@linkplain RegionSample#refinementOnly refinement-only} ones; a {@linkplain RegionSample#part part}'s class
     * target is soft. Exported minibatches must all hold
     * the same number of regions: DL4J merging minibatches of other sizes gives the class output a per-output
     * mask, which its softmax cross-entropy refuses.
     */
    public static MultiDataSet examples(List<RegionSample> samples, int classes, DetectorGeometry geometry) {
        requireNonNull(samples, "samples");
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("a minibatch needs at least one region");
        }
        int n = samples.size();
        int length = SliceStack.CHANNELS * geometry.regionPx() * geometry.regionPx();
        float[] features = new float[n * length];
        float[] labels = new float[n * (classes + 1)];
        float[] deltas = new float[n * 4];
        float[] mask = new float[n * 4];
        float[] classMask = new float[n];
        for (int i = 0; i < n; i++) {
            RegionSample s = samples.get(i);
            if (s.pixels().length != length) {
                throw new IllegalArgumentException(
                        "region " + i + " has " + s.pixels().length + " values, not " + length);
            }
            if (s.label() > classes) {
                throw new IllegalArgumentException("region label " + s.label() + " is beyond " + classes + " classes");
            }
            System.arraycopy(s.pixels(), 0, features, i * length, length);
            if (s.label() == RegionSample.PART) {
                labels[i * (classes + 1)] = (float) (1 - s.partProbability());
                for (int c = 1; c <= classes; c++) {
                    labels[i * (classes + 1) + c] = (float) (s.partProbability() / classes);
                }
                classMask[i] = 1;
            } else if (s.classified()) {
                labels[i * (classes + 1) + s.label()] = 1;
                classMask[i] = 1;
            }
            if (s.refinement() != null) {
                BoxDelta d = s.refinement();
                deltas[i * 4] = (float) d.dx();
                deltas[i * 4 + 1] = (float) d.dy();
                deltas[i * 4 + 2] = (float) d.dw();
                deltas[i * 4 + 3] = (float) d.dh();
                for (int j = 0; j < 4; j++) {
                    mask[i * 4 + j] = 1;
                }
            }
        }
        int size = geometry.regionPx();
        return new MultiDataSet(
                new INDArray[] {Nd4j.create(features, new long[] {n, SliceStack.CHANNELS, size, size}, 'c')},
                new INDArray[] {
                    Nd4j.create(labels, new long[] {n, classes + 1}, 'c'), Nd4j.create(deltas, new long[] {n, 4}, 'c')
                },
                null,
                // Always a per-example class mask, even of all ones: a null mask does not survive DL4J's
                // MultiDataSet serialisation (it loads as a bogus array that softmax cross-entropy takes for a
                // per-output mask).
                new INDArray[] {
                    Nd4j.create(classMask, new long[] {n, 1}, 'c'), Nd4j.create(mask, new long[] {n, 4}, 'c')
                });
    }

    /** Scores regions in one batch. */
    public static RegionScore[] score(ComputationGraph net, List<float[]> regions, DetectorGeometry geometry) {
        requireNonNull(regions, "regions");
        if (regions.isEmpty()) {
            return new RegionScore[0];
        }
        int length = SliceStack.CHANNELS * geometry.regionPx() * geometry.regionPx();
        float[] features = new float[regions.size() * length];
        for (int i = 0; i < regions.size(); i++) {
            System.arraycopy(regions.get(i), 0, features, i * length, length);
        }
        int size = geometry.regionPx();
        INDArray[] out = net.output(
                false, Nd4j.create(features, new long[] {regions.size(), SliceStack.CHANNELS, size, size}, 'c'));
        float[][] probabilities = out[0].toFloatMatrix();
        float[][] deltas = out[1].toFloatMatrix();
        RegionScore[] scores = new RegionScore[regions.size()];
        for (int i = 0; i < scores.length; i++) {
            float[] p = probabilities[i];
            int best = 1;
            for (int c = 2; c < p.length; c++) {
                if (p[c] > p[best]) {
                    best = c;
                }
            }
            float[] d = deltas[i];
            scores[i] = new RegionScore(
                    1 - p[0], best - 1, new BoxDelta(finite(d[0]), finite(d[1]), finite(d[2]), finite(d[3])));
        }
        return scores;
    }

    /** A diverged output moves nothing rather than failing the whole batch. */
    private static double finite(float v) {
        return Float.isFinite(v) ? v : 0;
    }

    private static ConvolutionLayer conv(int filters) {
        return new ConvolutionLayer.Builder(3, 3)
                .nOut(filters)
                .activation(Activation.RELU)
                .build();
    }

    private static SubsamplingLayer pool() {
        return new SubsamplingLayer.Builder(PoolingType.MAX)
                .kernelSize(2, 2)
                .stride(2, 2)
                .build();
    }
}
