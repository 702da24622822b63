package org.deeplesion.embed;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.transferlearning.FineTuneConfiguration;
import org.deeplearning4j.nn.transferlearning.TransferLearning;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplesion.nn.OneDnn;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The CNN that embeds lesion crops: three 3x3 convolution blocks, global average pooling, a dense embedding layer
 * and a softmax head over the current clusters, which refinement trains the network to predict (DeepCluster
 * style). The embedding is the dense layer's activation.
 *
 * <p>A network supplied by the user instead of random initialisation must take crops of the same geometry as input
 * {@value #INPUT} and have a layer named {@value #EMBEDDING}; its head is replaced to match the number of clusters.
 */
public final class EmbeddingNetwork {

    public static final String INPUT = "crops";
    public static final String EMBEDDING = "embedding";
    public static final String OUTPUT = "cluster";

    private EmbeddingNetwork() {}

    /** A randomly initialised network; {@code classes} is the size of the cluster head. */
    public static ComputationGraph create(CropGeometry geometry, int embeddingSize, int classes, long seed) {
        OneDnn.enable();
        requireNonNull(geometry, "geometry");
        if (embeddingSize < 2 || classes < 2) {
            throw new IllegalArgumentException(
                    "an embedding needs >= 2 dimensions and >= 2 classes, were " + embeddingSize + " and " + classes);
        }
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .updater(new Adam(1e-3))
                .weightInit(WeightInit.RELU)
                .convolutionMode(ConvolutionMode.Same)
                .graphBuilder()
                .addInputs(INPUT)
                .setInputTypes(InputType.convolutional(geometry.sizePx(), geometry.sizePx(), geometry.channels()))
                .addLayer("conv1", conv(32), INPUT)
                .addLayer("pool1", pool(), "conv1")
                .addLayer("conv2", conv(64), "pool1")
                .addLayer("pool2", pool(), "conv2")
                .addLayer("conv3", conv(64), "pool2")
                .addLayer("gap", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "conv3")
                .addLayer(
                        EMBEDDING,
                        new DenseLayer.Builder()
                                .nOut(embeddingSize)
                                .activation(Activation.TANH)
                                .weightInit(WeightInit.XAVIER)
                                .build(),
                        "gap")
                .addLayer(OUTPUT, head(classes).build(), EMBEDDING)
                .setOutputs(OUTPUT)
                .build();
        ComputationGraph net = new ComputationGraph(conf);
        net.init();
        return net;
    }

    /** The network with a fresh cluster head of {@code classes} outputs, or itself when it already has that many. */
    public static ComputationGraph withClasses(ComputationGraph net, int classes, long seed) {
        requireNonNull(net, "net");
        if (classes < 2) {
            throw new IllegalArgumentException("a cluster head needs >= 2 classes, was " + classes);
        }
        if (net.getLayer(EMBEDDING) == null) {
            throw new IllegalArgumentException("the network has no layer named '" + EMBEDDING + "'");
        }
        if (net.getLayer(OUTPUT) != null && net.getLayer(OUTPUT).getParam("W").size(1) == classes) {
            return net;
        }
        var builder = new TransferLearning.GraphBuilder(net)
                .fineTuneConfiguration(new FineTuneConfiguration.Builder()
                        .seed(seed)
                        .updater(new Adam(1e-3))
                        .build());
        for (String output : net.getConfiguration().getNetworkOutputs()) {
            builder.removeVertexAndConnections(output);
        }
        long embeddingSize = net.getLayer(EMBEDDING).getParam("W").size(1);
        return builder.addLayer(OUTPUT, head(classes).nIn(embeddingSize).build(), EMBEDDING)
                .setOutputs(OUTPUT)
                .build();
    }

    /** The embeddings of a batch of crops, one row per crop. */
    public static float[][] embed(ComputationGraph net, CropGeometry geometry, float[][] crops) {
        INDArray activations = activations(net, features(geometry, crops));
        float[][] out = new float[crops.length][];
        for (int i = 0; i < out.length; i++) {
            out[i] = activations.getRow(i).toFloatVector();
        }
        return out;
    }

    /** One training example: a crop labelled with its cluster. */
    public static DataSet example(CropGeometry geometry, float[] crop, int cluster, int classes) {
        if (cluster < 0 || cluster >= classes) {
            throw new IllegalArgumentException("cluster " + cluster + " is not in 0.." + (classes - 1));
        }
        INDArray label = Nd4j.zeros(1, classes);
        label.putScalar(0, cluster, 1);
        return new DataSet(features(geometry, new float[][] {crop}), label);
    }

    static INDArray features(CropGeometry geometry, float[][] crops) {
        int n = geometry.sizePx();
        float[] flat = new float[crops.length * geometry.length()];
        for (int i = 0; i < crops.length; i++) {
            if (crops[i].length != geometry.length()) {
                throw new IllegalArgumentException("crop " + i + " has " + crops[i].length + " values, the geometry "
                        + "needs " + geometry.length());
            }
            System.arraycopy(crops[i], 0, flat, i * geometry.length(), geometry.length());
        }
        return Nd4j.create(flat, new long[] {crops.length, geometry.channels(), n, n}, 'c');
    }

    private static INDArray activations(ComputationGraph net, INDArray features) {
        Map<String, INDArray> all = net.feedForward(features, false);
        INDArray embedding = all.get(EMBEDDING);
        if (embedding == null) {
            throw new IllegalArgumentException("the network has no layer named '" + EMBEDDING + "'");
        }
        return embedding;
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

    private static OutputLayer.Builder head(int classes) {
        return new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                .nOut(classes)
                .activation(Activation.SOFTMAX)
                .weightInit(WeightInit.XAVIER);
    }
}
