package org.deeplesion.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplesion.detect.AnchorSize;
import org.deeplesion.detect.BlobPatches;
import org.deeplesion.detect.DetectorGeometry;
import org.deeplesion.detect.ProposalNetwork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;

class NativeThreadsTest {

    private ExecutorService pool;

    @BeforeEach
    void startThreads() {
        pool = Executors.newFixedThreadPool(2);
    }

    @AfterEach
    void stopThreads() {
        pool.shutdownNow();
    }

    private <T> T onNewThread(Callable<T> work) throws Exception {
        return pool.submit(work).get();
    }

    @Test
    void limitsTheCallingThreadAndNoOther() throws Exception {
        assumeTrue(System.getenv(NativeThreads.VARIABLE) == null, "the JVM's own thread count would win");
        int untouched = onNewThread(NativeThreads::ofCallingThread);
        assumeTrue(untouched > 1, "a machine with one core cannot show a limit");

        int limited = onNewThread(() -> {
            assertThat(NativeThreads.limitCallingThread(1)).isTrue();
            return NativeThreads.ofCallingThread();
        });
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            assertThat(limited).isEqualTo(1);
            assertThat(other.submit(NativeThreads::ofCallingThread).get()).isEqualTo(untouched);
            assertThat(NativeThreads.ofCallingThread()).isEqualTo(untouched);
        } finally {
            other.shutdownNow();
        }
    }

    @Test
    void refusesFewerThanOneThread() {
        assertThatThrownBy(() -> NativeThreads.limitCallingThread(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("native threads must be >= 1, was 0");
    }

    @Test
    void aNetworksGradientsWithOneThreadAreItsGradientsWithAllThreadsUpToRounding() throws Exception {
        assumeTrue(System.getenv(NativeThreads.VARIABLE) == null, "the JVM's own thread count would win");
        assumeTrue(onNewThread(NativeThreads::ofCallingThread) > 1, "a machine with one core has one way only");
        DetectorGeometry geometry = DetectorGeometry.defaults();
        MultiDataSet data = BlobPatches.minibatch(geometry, new AnchorSize(14, 14), 8, new Random(3));
        ComputationGraph net = ProposalNetwork.create(geometry, 1);
        onNewThread(() -> {
            for (int i = 0; i < 3; i++) {
                net.fit(data);
            }
            return null;
        });

        Map<String, INDArray> all = onNewThread(() -> gradients(net, data));
        Map<String, INDArray> one = onNewThread(() -> {
            NativeThreads.limitCallingThread(1);
            return gradients(net, data);
        });

        assertThat(one.keySet()).isEqualTo(all.keySet());
        for (String variable : all.keySet()) {
            double norm = all.get(variable).norm2Number().doubleValue();
            double apart =
                    all.get(variable).sub(one.get(variable)).norm2Number().doubleValue();
            assertThat(norm).as(variable).isPositive();
            assertThat(apart / norm).as(variable).isLessThan(1e-4);
        }
    }

    private static Map<String, INDArray> gradients(ComputationGraph net, MultiDataSet data) {
        net.setInputs(data.getFeatures());
        net.setLabels(data.getLabels());
        net.setLayerMaskArrays(data.getFeaturesMaskArrays(), data.getLabelsMaskArrays());
        net.computeGradientAndScore();
        Map<String, INDArray> out = new TreeMap<>();
        net.gradient().gradientForVariable().forEach((variable, gradient) -> out.put(variable, gradient.dup()));
        return out;
    }
}
