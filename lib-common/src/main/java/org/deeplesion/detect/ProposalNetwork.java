package org.deeplesion.detect;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.objdetect.Yolo2OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplesion.ct.SliceStack;
import org.deeplesion.recist.BoundingBox;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

/**
 * The first stage: a fully convolutional backbone over the three slices down to a grid of {@code stride} pixels,
 * with DL4J's {@link Yolo2OutputLayer} on top. Each grid cell predicts, for every anchor, a box and its objectness,
 * so lesions a cell apart get their own proposals. The anchors are fitted to the training boxes
 * ({@link AnchorFitting}); the network carries them in its output layer, so a saved network decodes itself.
 *
 * <p>Being fully convolutional, the network trains on fixed-size patches and runs on whole slices of any size that
 * is a multiple of the stride.
 */
public final class ProposalNetwork {

    public static final String INPUT = "slices";
    public static final String OUTPUT = "proposals";

    /** Objectness plus one class: the first stage only tells lesion from background. */
    private static final int VALUES_PER_ANCHOR = 6;

    private ProposalNetwork() {
    }

    /**
     * @param anchors box sizes in detector image pixels
     */
    public static ComputationGraph create(List<AnchorSize> anchors, DetectorGeometry geometry, long seed) {
        requireNonNull(anchors, "anchors");
        requireNonNull(geometry, "geometry");
        if (anchors.isEmpty()) {
            throw new IllegalArgumentException("the proposal network needs at least one anchor");
        }
        double[][] priors = new double[anchors.size()][];
        for (int i = 0; i < priors.length; i++) {
            priors[i] = new double[] {anchors.get(i).width() / geometry.stride(),
                anchors.get(i).height() / geometry.stride()};
        }
        var graph = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .updater(new Adam(1e-3))
                .weightInit(WeightInit.RELU)
                .convolutionMode(ConvolutionMode.Same)
                .graphBuilder()
                .addInputs(INPUT)
                .setInputTypes(InputType.convolutional(geometry.patchPx(), geometry.patchPx(), SliceStack.CHANNELS));
        String last = INPUT;
        // Narrow where the maps are large: on two CPU cores the full-resolution layers are what training waits for.
        int[][] blocks = geometry.stride() == 8
                ? new int[][] {{16, 1}, {24, 2}, {32, 1}, {48, 2}, {48, 1}, {64, 2}, {64, 1}, {64, 1}}
                : new int[][] {{16, 1}, {24, 2}, {32, 1}, {48, 2}, {48, 1}, {64, 1}, {64, 1}, {64, 1}};
        for (int i = 0; i < blocks.length; i++) {
            String conv = "conv" + (i + 1);
            String norm = "norm" + (i + 1);
            graph.addLayer(conv, new ConvolutionLayer.Builder(3, 3).stride(blocks[i][1], blocks[i][1])
                    .nOut(blocks[i][0]).activation(Activation.IDENTITY).hasBias(false).build(), last)
                    .addLayer(norm, new BatchNormalization.Builder().activation(Activation.LEAKYRELU).build(), conv);
            last = norm;
        }
        ComputationGraphConfiguration conf = graph
                .addLayer("head", new ConvolutionLayer.Builder(1, 1).nOut(anchors.size() * VALUES_PER_ANCHOR)
                        .activation(Activation.IDENTITY).weightInit(WeightInit.XAVIER).build(), last)
                .addLayer(OUTPUT, new Yolo2OutputLayer.Builder()
                        .boundingBoxPriors(Nd4j.create(priors)).build(), "head")
                .setOutputs(OUTPUT)
                .build();
        ComputationGraph net = new ComputationGraph(conf);
        net.init();
        return net;
    }

    /**
     * A minibatch of training patches and their boxes: each box is labelled in the grid cell holding its centre, the
     * format of {@link Yolo2OutputLayer}. Boxes are in patch pixels (inclusive extents).
     */
    public static DataSet examples(List<float[]> patches, List<List<BoundingBox>> boxes, DetectorGeometry geometry) {
        requireNonNull(patches, "patches");
        requireNonNull(boxes, "boxes");
        if (patches.isEmpty() || patches.size() != boxes.size()) {
            throw new IllegalArgumentException(patches.size() + " patches but boxes for " + boxes.size());
        }
        int size = geometry.patchPx();
        int cells = size / geometry.stride();
        int plane = SliceStack.CHANNELS * size * size;
        float[] features = new float[patches.size() * plane];
        float[] labels = new float[patches.size() * 5 * cells * cells];
        double stride = geometry.stride();
        for (int i = 0; i < patches.size(); i++) {
            if (patches.get(i).length != plane) {
                throw new IllegalArgumentException("patch " + i + " has " + patches.get(i).length + " values, not "
                        + plane);
            }
            System.arraycopy(patches.get(i), 0, features, i * plane, plane);
            for (BoundingBox box : boxes.get(i)) {
                double left = box.x1() / stride;
                double top = box.y1() / stride;
                double right = (box.x2() + 1) / stride;
                double bottom = (box.y2() + 1) / stride;
                int cx = (int) Math.floor((left + right) / 2);
                int cy = (int) Math.floor((top + bottom) / 2);
                if (cx < 0 || cy < 0 || cx >= cells || cy >= cells) {
                    continue;
                }
                double[] values = {left, top, right, bottom, 1};
                for (int v = 0; v < values.length; v++) {
                    labels[((i * 5 + v) * cells + cy) * cells + cx] = (float) values[v];
                }
            }
        }
        return new DataSet(Nd4j.create(features, new long[] {patches.size(), SliceStack.CHANNELS, size, size}, 'c'),
                Nd4j.create(labels, new long[] {patches.size(), 5, cells, cells}, 'c'));
    }

    /**
     * The best {@code limit} proposals on a whole image after non-maximum suppression at {@code nmsIou}, boxes in
     * image pixels clipped to the image.
     */
    public static List<Proposal> propose(ComputationGraph net, DetectorImage image, int limit, double nmsIou) {
        requireNonNull(net, "net");
        requireNonNull(image, "image");
        INDArray input = Nd4j.create(image.pixels(), new long[] {1, SliceStack.CHANNELS, image.height(),
            image.width()}, 'c');
        INDArray output = net.outputSingle(false, input);
        INDArray priors = priors(net);
        int anchors = (int) priors.size(0);
        int h = (int) output.size(2);
        int w = (int) output.size(3);
        double strideX = (double) image.width() / w;
        double strideY = (double) image.height() / h;
        float[] values = output.dup('c').data().asFloat();
        float[] prior = priors.dup('c').data().asFloat();
        List<Proposal> all = new ArrayList<>(anchors * h * w);
        for (int a = 0; a < anchors; a++) {
            int base = a * VALUES_PER_ANCHOR * h * w;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int at = base + y * w + x;
                    double cx = (x + values[at]) * strideX;
                    double cy = (y + values[at + h * w]) * strideY;
                    double bw = Math.max(1, values[at + 2 * h * w] * strideX);
                    double bh = Math.max(1, values[at + 3 * h * w] * strideY);
                    double score = values[at + 4 * h * w];
                    if (!Double.isFinite(cx + cy + bw + bh + score)) {
                        continue;
                    }
                    double x1 = clamp(cx - bw / 2, image.width() - 1);
                    double y1 = clamp(cy - bh / 2, image.height() - 1);
                    double x2 = Math.max(x1, clamp(cx + bw / 2 - 1, image.width() - 1));
                    double y2 = Math.max(y1, clamp(cy + bh / 2 - 1, image.height() - 1));
                    all.add(new Proposal(new BoundingBox(x1, y1, x2, y2), score));
                }
            }
        }
        all.sort(Proposal.BY_SCORE);
        List<Proposal> kept = new ArrayList<>();
        for (Proposal p : all) {
            if (kept.size() >= limit) {
                break;
            }
            boolean suppressed = false;
            for (Proposal k : kept) {
                if (k.box().iou(p.box()) > nmsIou) {
                    suppressed = true;
                    break;
                }
            }
            if (!suppressed) {
                kept.add(p);
            }
        }
        return kept;
    }

    /** The anchors the network was built with, in grid cells, [anchors, 2]. */
    static INDArray priors(ComputationGraph net) {
        var layer = net.getLayer(OUTPUT);
        if (layer == null || !(layer.conf().getLayer() instanceof Yolo2OutputLayer yolo)) {
            throw new IllegalArgumentException("the network has no Yolo2 output layer named '" + OUTPUT + "'");
        }
        return yolo.getBoundingBoxes();
    }

    private static double clamp(double v, double max) {
        return v < 0 ? 0 : Math.min(v, max);
    }
}
