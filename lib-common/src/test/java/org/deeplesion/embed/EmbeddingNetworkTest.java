package org.deeplesion.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplesion.ct.Window;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;

class EmbeddingNetworkTest {

    private static final CropGeometry GEOMETRY = new CropGeometry(16, List.of(1.0), 2, List.of(Window.SOFT_TISSUE));

    @Test
    void embedsEachCropAsOneVectorOfTheEmbeddingSize() {
        ComputationGraph net = EmbeddingNetwork.create(GEOMETRY, 24, 3, 1);
        float[][] embeddings = EmbeddingNetwork.embed(net, GEOMETRY, new float[][] {crop(0.2f, 1), crop(0.8f, 2)});
        assertThat(embeddings).hasNumberOfRows(2);
        assertThat(embeddings[0]).hasSize(24);
        assertThat(embeddings[0]).isNotEqualTo(embeddings[1]);
    }

    @Test
    void trainingOnClusterLabelsSeparatesTheirEmbeddings() {
        ComputationGraph net = EmbeddingNetwork.create(GEOMETRY, 16, 2, 7);
        List<DataSet> examples = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            examples.add(EmbeddingNetwork.example(GEOMETRY, blob(i % 2 == 0, i), i % 2, 2));
        }
        DataSet batch = DataSet.merge(examples);
        double before = net.score(batch);
        for (int epoch = 0; epoch < 30; epoch++) {
            net.fit(batch);
        }
        assertThat(net.score(batch)).isLessThan(before / 4);
    }

    @Test
    void aNewClusterCountReplacesOnlyTheHead() {
        ComputationGraph net = EmbeddingNetwork.create(GEOMETRY, 16, 3, 1);
        float[][] input = {crop(0.5f, 3)};
        ComputationGraph five = EmbeddingNetwork.withClasses(net, 5, 1);
        assertThat(five.getLayer(EmbeddingNetwork.OUTPUT).getParam("W").size(1)).isEqualTo(5);
        assertThat(EmbeddingNetwork.embed(five, GEOMETRY, input))
                .isEqualTo(EmbeddingNetwork.embed(net, GEOMETRY, input));
        assertThat(EmbeddingNetwork.withClasses(five, 5, 1)).isSameAs(five);
    }

    @Test
    void aCropOfTheWrongSizeIsRefused() {
        ComputationGraph net = EmbeddingNetwork.create(GEOMETRY, 8, 2, 3);
        assertThatThrownBy(() -> EmbeddingNetwork.embed(net, GEOMETRY, new float[][] {new float[5]}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("5 values");
    }

    private static float[] crop(float level, long seed) {
        Random random = new Random(seed);
        float[] v = new float[GEOMETRY.length()];
        for (int i = 0; i < v.length; i++) {
            v[i] = level + 0.05f * (float) random.nextGaussian();
        }
        return v;
    }

    /** A bright disc or a bright ring on a dark noisy background. */
    private static float[] blob(boolean disc, long seed) {
        Random random = new Random(seed);
        int n = GEOMETRY.sizePx();
        float[] v = new float[GEOMETRY.length()];
        for (int c = 0; c < GEOMETRY.channels(); c++) {
            for (int y = 0; y < n; y++) {
                for (int x = 0; x < n; x++) {
                    double r = Math.hypot(x - 7.5, y - 7.5);
                    boolean on = disc ? r < 4 : r > 4 && r < 6;
                    v[(c * n + y) * n + x] = (on ? 0.8f : 0.2f) + 0.05f * (float) random.nextGaussian();
                }
            }
        }
        return v;
    }
}
