package org.deeplesion.detect;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.CnnLossLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
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
 * The first stage: a fully convolutional backbone over the three slices down to a grid of {@code stride} pixels with
 * an anchor-free centre/size head (CenterNet style), built from DL4J's stock layers. Per grid cell, one output is the
 * probability that a lesion's centre lies in it (trained towards a small gaussian around each centre, binary
 * cross-entropy); four more give the centre's place in the cell and the box's log size relative to the size prior
 * (the anchor fitted to the training boxes), trained only in the cells that hold a centre. Proposals are the local
 * maxima of the centre map, so lesions a cell apart keep their own proposals.
 *
 * <p>An anchor-free head rather than DL4J's {@code Yolo2OutputLayer}: YOLOv2 trains objectness towards the IoU of its
 * own, at first random, boxes, which in the steps two CPU cores afford does not learn where lesions are; the centre
 * map gets a full-strength target from the first step.
 *
 * <p>Optionally, class-aware: a third head learns, in the cells that hold a centre, which of the detector's classes
 * the lesion belongs to (softmax cross-entropy). It is an auxiliary target that makes the backbone's features tell
 * lesion kinds apart, so that pseudo labels reach the stage that bounds recall; proposals do not use it.
 *
 * <p>Being fully convolutional, the network trains on fixed-size patches and runs on whole slices of any size that
 * is a multiple of the stride.
 *
 * <p>No batch normalisation. Patches differ wildly from one another (a lung patch is mostly air, an abdominal one
 * soft tissue), so the statistics of a minibatch depend on its mix and match neither the running averages used at
 * inference nor a whole slice. With it, the network memorises the patches it is shown and learns nothing that
 * carries to new slices (docs/experiments.md has the measurements).
 */
public final class ProposalNetwork {

    public static final String INPUT = "slices";
    public static final String CENTRES = "centres";
    public static final String SIZES = "sizes";
    public static final String CLASSES = "classes";

    private static final double MIN_SIGMA_CELLS = 0.5;
    private static final double BACKGROUND_WEIGHT = 0.05;
    private static final double CENTRE_PRIOR_LOGIT = -Math.log((1 - 0.02) / 0.02);
    private static final double LEARNING_RATE = 1e-3;

    private ProposalNetwork() {}

    public static ComputationGraph create(DetectorGeometry geometry, long seed) {
        return create(geometry, seed, 0);
    }

    /**
     * @param classes the classes of the class-aware head; below 2, no such head (what one class would learn is the
     *     centre map)
     */
    public static ComputationGraph create(DetectorGeometry geometry, long seed, int classes) {
        requireNonNull(geometry, "geometry");
        OneDnn.enable();
        var graph = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .updater(new Adam(LEARNING_RATE))
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
            graph.addLayer(
                    conv,
                    new ConvolutionLayer.Builder(3, 3)
                            .stride(blocks[i][1], blocks[i][1])
                            .nOut(blocks[i][0])
                            .activation(Activation.LEAKYRELU)
                            .build(),
                    last);
            last = conv;
        }
        graph
                // Centres are rare: starting every cell at P = 0.02 (RetinaNet's prior) spares the first hundreds of
                // steps the work of learning that most of an image is background.
                .addLayer(
                        "centre_logits",
                        new ConvolutionLayer.Builder(1, 1)
                                .nOut(1)
                                .biasInit(CENTRE_PRIOR_LOGIT)
                                .activation(Activation.IDENTITY)
                                .weightInit(WeightInit.XAVIER)
                                .build(),
                        last)
                .addLayer(
                        CENTRES,
                        new CnnLossLayer.Builder(LossFunctions.LossFunction.XENT)
                                .activation(Activation.SIGMOID)
                                .build(),
                        "centre_logits")
                .addLayer(
                        "size_values",
                        new ConvolutionLayer.Builder(1, 1)
                                .nOut(4)
                                .activation(Activation.IDENTITY)
                                .weightInit(WeightInit.XAVIER)
                                .build(),
                        last)
                .addLayer(
                        SIZES,
                        new CnnLossLayer.Builder(LossFunctions.LossFunction.MSE)
                                .activation(Activation.IDENTITY)
                                .build(),
                        "size_values");
        if (classes > 1) {
            graph.addLayer(
                            "class_logits",
                            new ConvolutionLayer.Builder(1, 1)
                                    .nOut(classes)
                                    .activation(Activation.IDENTITY)
                                    .weightInit(WeightInit.XAVIER)
                                    .build(),
                            last)
                    .addLayer(
                            CLASSES,
                            new CnnLossLayer.Builder(LossFunctions.LossFunction.MCXENT)
                                    .activation(Activation.SOFTMAX)
                                    .build(),
                            "class_logits")
                    .setOutputs(CENTRES, SIZES, CLASSES);
        } else {
            graph.setOutputs(CENTRES, SIZES);
        }
        ComputationGraphConfiguration conf = graph.build();
        ComputationGraph net = new ComputationGraph(conf);
        net.init();
        return net;
    }

    /**
     * A minibatch of training patches and their boxes (patch pixels, inclusive extents): the centre map and, masked
     * to the centre cells, the offsets and log sizes.
     *
     * @param prior the size prior the log sizes are relative to
     */
    public static MultiDataSet examples(
            List<float[]> patches, List<List<BoundingBox>> boxes, AnchorSize prior, DetectorGeometry geometry) {
        return examples(patches, boxes, null, 0, prior, geometry);
    }

    /**
     * {@link #examples(List, List, AnchorSize, DetectorGeometry)} for a class-aware network: with {@code classes}
     * above 1, a third target holds each centre cell's class (one-hot), masked to the centre cells of lesions with a
     * label.
     *
     * @param labels per patch, each box's 1-based class label, 0 for none; ignored below 2 classes
     */
    public static MultiDataSet examples(
            List<float[]> patches,
            List<List<BoundingBox>> boxes,
            List<List<Integer>> labels,
            int classes,
            AnchorSize prior,
            DetectorGeometry geometry) {
        requireNonNull(patches, "patches");
        requireNonNull(boxes, "boxes");
        requireNonNull(prior, "prior");
        if (patches.isEmpty() || patches.size() != boxes.size()) {
            throw new IllegalArgumentException(patches.size() + " patches but boxes for " + boxes.size());
        }
        int n = patches.size();
        int size = geometry.patchPx();
        int cells = size / geometry.stride();
        int plane = SliceStack.CHANNELS * size * size;
        int grid = cells * cells;
        float[] features = new float[n * plane];
        float[] centres = new float[n * grid];
        float[] sizes = new float[n * 4 * grid];
        float[] mask = new float[n * 4 * grid];
        boolean classAware = classes > 1;
        if (classAware && (labels == null || labels.size() != n)) {
            throw new IllegalArgumentException("a class-aware minibatch needs the labels of its " + n + " patches");
        }
        float[] classTargets = classAware ? new float[n * classes * grid] : null;
        float[] classMask = classAware ? new float[n * grid] : null;
        double stride = geometry.stride();
        for (int i = 0; i < n; i++) {
            if (patches.get(i).length != plane) {
                throw new IllegalArgumentException(
                        "patch " + i + " has " + patches.get(i).length + " values, not " + plane);
            }
            System.arraycopy(patches.get(i), 0, features, i * plane, plane);
            List<BoundingBox> patchBoxes = boxes.get(i);
            for (int b = 0; b < patchBoxes.size(); b++) {
                BoundingBox box = patchBoxes.get(b);
                // Continuous extents: pixel x covers [x, x + 1).
                double cx = (box.x1() + box.x2() + 1) / 2 / stride;
                double cy = (box.y1() + box.y2() + 1) / 2 / stride;
                int col = (int) Math.floor(cx);
                int row = (int) Math.floor(cy);
                if (col < 0 || row < 0 || col >= cells || row >= cells) {
                    continue;
                }
                double sigma = Math.max(MIN_SIGMA_CELLS, Math.min(box.width(), box.height()) / stride / 4);
                for (int r = 0; r < cells; r++) {
                    for (int c = 0; c < cells; c++) {
                        double d2 = (r - row) * (r - row) + (c - col) * (c - col);
                        int at = i * grid + r * cells + c;
                        centres[at] = (float) Math.max(centres[at], Math.exp(-d2 / (2 * sigma * sigma)));
                    }
                }
                double[] values = {
                    cx - col, cy - row, Math.log(box.width() / prior.width()), Math.log(box.height() / prior.height())
                };
                for (int v = 0; v < 4; v++) {
                    int at = (i * 4 + v) * grid + row * cells + col;
                    sizes[at] = (float) values[v];
                    mask[at] = 1;
                }
                int label = classAware ? labels.get(i).get(b) : 0;
                if (label > classes) {
                    throw new IllegalArgumentException("box label " + label + " but only " + classes + " classes");
                }
                if (label > 0) {
                    classTargets[(i * classes + label - 1) * grid + row * cells + col] = 1;
                    // One weight per cell: DL4J's softmax cross-entropy takes no per-channel mask.
                    classMask[i * grid + row * cells + col] = 1;
                }
            }
        }
        INDArray input = Nd4j.create(features, new long[] {n, SliceStack.CHANNELS, size, size}, 'c');
        INDArray centreTarget = Nd4j.create(centres, new long[] {n, 1, cells, cells}, 'c');
        INDArray sizeTarget = Nd4j.create(sizes, new long[] {n, 4, cells, cells}, 'c');
        INDArray centreMask = Nd4j.create(centreWeights(centres), new long[] {n, 1, cells, cells}, 'c');
        INDArray sizeMask = Nd4j.create(mask, new long[] {n, 4, cells, cells}, 'c');
        if (classAware) {
            return new MultiDataSet(
                    new INDArray[] {input},
                    new INDArray[] {
                        centreTarget, sizeTarget, Nd4j.create(classTargets, new long[] {n, classes, cells, cells}, 'c')
                    },
                    null,
                    new INDArray[] {centreMask, sizeMask, Nd4j.create(classMask, new long[] {n, 1, cells, cells}, 'c')
                    });
        }
        return new MultiDataSet(
                new INDArray[] {input}, new INDArray[] {centreTarget, sizeTarget}, null, new INDArray[] {
                    centreMask, sizeMask
                });
    }

    /**
     * Per-cell weights of the centre loss (DL4J applies a mask by multiplication): a lesion's cells count fully,
     * background cells {@value #BACKGROUND_WEIGHT} each. A patch has one or two centres among a hundred or more
     * cells; unweighted, the loss is won by predicting background everywhere (what focal loss fixes in CenterNet).
     */
    private static float[] centreWeights(float[] centres) {
        float[] weights = new float[centres.length];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = centres[i] > 0.05f ? 1f : (float) BACKGROUND_WEIGHT;
        }
        return weights;
    }

    /**
     * The best {@code limit} proposals on a whole image: local maxima of the centre map (3 x 3), highest first, after
     * non-maximum suppression at {@code nmsIou}; boxes in image pixels clipped to the image.
     */
    public static List<Proposal> propose(
            ComputationGraph net, DetectorImage image, AnchorSize prior, int limit, double nmsIou) {
        return propose(net, image, prior, limit, nmsIou, false);
    }

    /**
     * {@link #propose(ComputationGraph, DetectorImage, AnchorSize, int, double)}, with {@code flip} on the mean of the
     * network's maps over the image and its mirror image (left to right), mirrored back: training patches are
     * mirrored half the time, so both views are ones the network learned from, and their mean has less noise than
     * either.
     */
    public static List<Proposal> propose(
            ComputationGraph net, DetectorImage image, AnchorSize prior, int limit, double nmsIou, boolean flip) {
        requireNonNull(net, "net");
        requireNonNull(image, "image");
        requireNonNull(prior, "prior");
        int views = flip ? 2 : 1;
        int plane = SliceStack.CHANNELS * image.height() * image.width();
        float[] pixels = image.pixels();
        if (flip) {
            pixels = new float[2 * plane];
            System.arraycopy(image.pixels(), 0, pixels, 0, plane);
            mirror(image.pixels(), 0, pixels, plane, SliceStack.CHANNELS * image.height(), image.width());
        }
        INDArray input =
                Nd4j.create(pixels, new long[] {views, SliceStack.CHANNELS, image.height(), image.width()}, 'c');
        INDArray[] output = net.output(false, input);
        int h = (int) output[0].size(2);
        int w = (int) output[0].size(3);
        double strideX = (double) image.width() / w;
        double strideY = (double) image.height() / h;
        float[] centres = output[0].dup('c').data().asFloat();
        float[] sizes = output[1].dup('c').data().asFloat();
        int grid = h * w;
        if (flip) {
            // The mirror view's cell x is this view's w - 1 - x, and its offset from the cell's left edge is one
            // minus this view's; sizes are the same.
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int at = y * w + x;
                    int mirrored = y * w + (w - 1 - x);
                    centres[at] = (centres[at] + centres[grid + mirrored]) / 2;
                    sizes[at] = (sizes[at] + 1 - sizes[4 * grid + mirrored]) / 2;
                    for (int v = 1; v < 4; v++) {
                        sizes[v * grid + at] = (sizes[v * grid + at] + sizes[(4 + v) * grid + mirrored]) / 2;
                    }
                }
            }
        }
        List<Proposal> peaks = new ArrayList<>();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                float score = centres[y * w + x];
                if (!Float.isFinite(score) || !isPeak(centres, w, h, x, y)) {
                    continue;
                }
                int at = y * w + x;
                double cx = (x + clamp(sizes[at], 0, 1)) * strideX;
                double cy = (y + clamp(sizes[grid + at], 0, 1)) * strideY;
                double bw = prior.width() * Math.exp(clamp(sizes[2 * grid + at], -4, 4));
                double bh = prior.height() * Math.exp(clamp(sizes[3 * grid + at], -4, 4));
                double x1 = clamp(cx - bw / 2, 0, image.width() - 1);
                double y1 = clamp(cy - bh / 2, 0, image.height() - 1);
                double x2 = Math.max(x1, clamp(cx + bw / 2 - 1, 0, image.width() - 1));
                double y2 = Math.max(y1, clamp(cy + bh / 2 - 1, 0, image.height() - 1));
                peaks.add(new Proposal(new BoundingBox(x1, y1, x2, y2), score));
            }
        }
        return Nms.suppressProposals(peaks, nmsIou, limit);
    }

    /** Copies {@code rows} rows of {@code width} values from {@code from}, each reversed, into {@code to}. */
    static void mirror(float[] from, int fromOffset, float[] to, int toOffset, int rows, int width) {
        for (int r = 0; r < rows; r++) {
            int src = fromOffset + r * width;
            int dst = toOffset + r * width + width - 1;
            for (int c = 0; c < width; c++) {
                to[dst - c] = from[src + c];
            }
        }
    }

    private static boolean isPeak(float[] map, int w, int h, int x, int y) {
        float v = map[y * w + x];
        for (int dy = -1; dy <= 1; dy++) {
            for (int dx = -1; dx <= 1; dx++) {
                int xx = x + dx;
                int yy = y + dy;
                if ((dx != 0 || dy != 0) && xx >= 0 && yy >= 0 && xx < w && yy < h) {
                    float o = map[yy * w + xx];
                    // Ties go to the first cell in reading order, so a flat plateau gives one peak.
                    if (o > v || (o == v && (dy < 0 || (dy == 0 && dx < 0)))) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    private static double clamp(double v, double min, double max) {
        return v < min ? min : Math.min(v, max);
    }
}
