package org.deeplesion.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplesion.detect.DetectorGeometry;
import org.deeplesion.detect.ProposalNetwork;
import org.deeplesion.detect.RegionClassifier;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class WeightAverageTest {

    private static final DetectorGeometry GEOMETRY = DetectorGeometry.defaults();

    @Test
    void theAverageOfThreeNetworksHoldsEachWeightsMean() {
        ComputationGraph a = RegionClassifier.create(1, GEOMETRY, 1);
        ComputationGraph b = RegionClassifier.create(1, GEOMETRY, 2);
        ComputationGraph c = RegionClassifier.create(1, GEOMETRY, 3);
        INDArray expected = a.params().add(b.params()).add(c.params()).div(3);
        ComputationGraph into = RegionClassifier.create(1, GEOMETRY, 4);

        ComputationGraph averaged = new WeightAverage().add(a).add(b).add(c).applyTo(into);

        assertThat(averaged).isSameAs(into);
        double scale = expected.amaxNumber().doubleValue();
        assertThat(into.params().sub(expected).amaxNumber().doubleValue()).isLessThan(1e-6 * scale);
        assertThat(a.params().sub(expected).amaxNumber().doubleValue())
                .as("the networks added are left as they were")
                .isGreaterThan(1e-3 * scale);
    }

    @Test
    void theAverageOfOneNetworkIsItsWeights() {
        ComputationGraph a = RegionClassifier.create(1, GEOMETRY, 1);
        ComputationGraph into = RegionClassifier.create(1, GEOMETRY, 2);

        new WeightAverage().add(a).applyTo(into);

        assertThat(into.params()).isEqualTo(a.params());
    }

    @Test
    void networksOfOtherSizesAreRefused() {
        WeightAverage average = new WeightAverage().add(RegionClassifier.create(1, GEOMETRY, 1));
        ComputationGraph proposals = ProposalNetwork.create(GEOMETRY, 1);

        assertThatThrownBy(() -> average.add(proposals))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot be averaged");
        assertThatThrownBy(() -> average.applyTo(proposals))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot take the mean");
        assertThat(average.count()).isEqualTo(1);
    }

    @Test
    void nothingAddedIsNothingToApply() {
        assertThatThrownBy(() -> new WeightAverage().applyTo(RegionClassifier.create(1, GEOMETRY, 1)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no network");
    }
}
