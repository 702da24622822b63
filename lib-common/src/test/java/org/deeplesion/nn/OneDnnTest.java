package org.deeplesion.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

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
        INDArray slice = Nd4j.rand(DataType.FLOAT, 1, 3, 208, 176);

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
    void oneDnnTrainsAsTheBuiltInPathDoes() {
        ComputationGraph fast = RegionClassifier.create(2, GEOMETRY, 11);
        ComputationGraph slow = builtIn(() -> RegionClassifier.create(2, GEOMETRY, 11));
        int n = GEOMETRY.regionPx();
        INDArray regions = Nd4j.rand(DataType.FLOAT, 8, 3, n, n);
        INDArray classes = Nd4j.zeros(DataType.FLOAT, 8, 3);
        for (int i = 0; i < 8; i++) {
            classes.putScalar(i, i % 3, 1);
        }
        INDArray deltas = Nd4j.rand(DataType.FLOAT, 8, 4);

        for (int step = 0; step < 3; step++) {
            fast.fit(new INDArray[] {regions}, new INDArray[] {classes, deltas});
            slow.fit(new INDArray[] {regions}, new INDArray[] {classes, deltas});
        }

        double drift = fast.params().sub(slow.params()).amaxNumber().doubleValue();
        assertThat(drift).isLessThan(1e-4);
        assertThat(fast.score()).isCloseTo(slow.score(), offset(1e-4));
    }
}
