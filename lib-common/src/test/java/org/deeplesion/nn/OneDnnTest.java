package org.deeplesion.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNConvHelper;
import org.deeplesion.detect.DetectorGeometry;
import org.deeplesion.detect.ProposalNetwork;
import org.deeplesion.detect.RegionClassifier;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class OneDnnTest {

    private static final DetectorGeometry GEOMETRY = DetectorGeometry.defaults();
    private static final int BATCH = 8;

    /** A network built with DL4J's native helpers switched off for its construction only. */
    private static ComputationGraph builtIn(Supplier<ComputationGraph> create) {
        String before = System.getProperty(OneDnn.PROPERTY);
        System.setProperty(OneDnn.PROPERTY, "true");
        try {
            return create.get();
        } finally {
            if (before == null) {
                System.clearProperty(OneDnn.PROPERTY);
            } else {
                System.setProperty(OneDnn.PROPERTY, before);
            }
        }
    }

    private static Object helper(ComputationGraph net, String layer) {
        return ((ConvolutionLayer) net.getLayer(layer)).getHelper();
    }

    /** Uniform values in [0, 1) from their own seed, so that no other test's draws change them. */
    private static INDArray uniform(long seed, int... shape) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] values = new float[Arrays.stream(shape).reduce(1, Math::multiplyExact)];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextDouble();
        }
        return Nd4j.create(values, Arrays.stream(shape).asLongStream().toArray(), 'c');
    }

    private static INDArray[] regions() {
        return new INDArray[] {uniform(13, BATCH, 3, GEOMETRY.regionPx(), GEOMETRY.regionPx())};
    }

    private static INDArray[] targets() {
        INDArray classes = Nd4j.zeros(DataType.FLOAT, BATCH, 3);
        for (int i = 0; i < BATCH; i++) {
            classes.putScalar(i, i % 3, 1);
        }
        return new INDArray[] {classes, uniform(17, BATCH, 4)};
    }

    private static INDArray gradient(ComputationGraph net) {
        net.setInputs(regions());
        net.setLabels(targets());
        net.computeGradientAndScore();
        return net.gradient().gradient().dup();
    }

    @Test
    void theNetworksConvolveThroughOneDnn() {
        assertThat(helper(ProposalNetwork.create(GEOMETRY, 3), "conv2")).isInstanceOf(MKLDNNConvHelper.class);
        assertThat(helper(RegionClassifier.create(2, GEOMETRY, 3), "conv1")).isInstanceOf(MKLDNNConvHelper.class);
        assertThat(helper(builtIn(() -> ProposalNetwork.create(GEOMETRY, 3)), "conv2"))
                .as("with the switch off")
                .isNull();
    }

    @Test
    void oneDnnGivesTheBuiltInPathsOutputsOnAWholeSlice() {
        ComputationGraph fast = ProposalNetwork.create(GEOMETRY, 7);
        ComputationGraph slow = builtIn(() -> ProposalNetwork.create(GEOMETRY, 7));
        INDArray slice = uniform(7, 1, 3, 208, 176);

        INDArray[] expected = slow.output(false, slice);
        INDArray[] actual = fast.output(false, slice);

        for (int i = 0; i < expected.length; i++) {
            assertThat(actual[i].shape()).isEqualTo(expected[i].shape());
            double scale = expected[i].amaxNumber().doubleValue();
            double largest = actual[i].sub(expected[i]).amaxNumber().doubleValue();
            assertThat(largest).as("output %d, largest |value| %s", i, scale).isLessThan(1e-4 * Math.max(1, scale));
        }
    }

    @Test
    void oneDnnBackpropagatesAsTheBuiltInPathDoes() {
        ComputationGraph fast = RegionClassifier.create(2, GEOMETRY, 11);
        ComputationGraph slow = builtIn(() -> RegionClassifier.create(2, GEOMETRY, 11));

        INDArray expected = gradient(slow);
        INDArray actual = gradient(fast);

        double scale = expected.amaxNumber().doubleValue();
        double largest = actual.sub(expected).amaxNumber().doubleValue();
        assertThat(largest).as("largest |gradient| %s", scale).isLessThan(1e-4 * scale);
        assertThat(fast.score()).isCloseTo(slow.score(), offset(1e-5 * slow.score()));
    }

    @Test
    void oneDnnTrainsAsTheBuiltInPathDoes() {
        ComputationGraph fast = RegionClassifier.create(2, GEOMETRY, 11);
        ComputationGraph slow = builtIn(() -> RegionClassifier.create(2, GEOMETRY, 11));
        INDArray start = slow.params().dup();

        for (int step = 0; step < 3; step++) {
            fast.fit(regions(), targets());
            slow.fit(regions(), targets());
        }

        // Compared over all weights, not weight by weight: Adam divides each step by the gradient's running size, so
        // where a gradient is near zero the two paths' rounding grows into a whole learning-rate step of one weight.
        double moved = slow.params().sub(start).norm2Number().doubleValue();
        double drift = fast.params().sub(slow.params()).norm2Number().doubleValue();
        assertThat(drift)
                .as("how far the built-in path moved the weights: %s", moved)
                .isLessThan(0.01 * moved);
        assertThat(fast.score()).isCloseTo(slow.score(), offset(1e-4 * slow.score()));
    }
}
