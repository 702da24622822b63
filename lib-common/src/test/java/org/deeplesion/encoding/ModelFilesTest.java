package org.deeplesion.encoding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplesion.ct.Window;
import org.deeplesion.embed.CropGeometry;
import org.deeplesion.embed.EmbeddingNetwork;
import org.junit.jupiter.api.Test;

class ModelFilesTest {

    private static final CropGeometry GEOMETRY = new CropGeometry(16, List.of(1.0), 2, List.of(Window.SOFT_TISSUE));

    @Test
    void aModelSurvivesSerialisation() {
        ComputationGraph net = EmbeddingNetwork.create(GEOMETRY, 8, 2, 3);
        ComputationGraph copy = ModelFiles.fromBytes(ModelFiles.toBytes(net), "test");
        float[][] input = {constantCrop(0.3f)};
        assertThat(EmbeddingNetwork.embed(copy, GEOMETRY, input))
                .isEqualTo(EmbeddingNetwork.embed(net, GEOMETRY, input));
    }

    @Test
    void bytesThatAreNoModelAreRefusedNamingTheirSource() {
        assertThatThrownBy(() -> ModelFiles.fromBytes(new byte[] {1, 2, 3}, "file:/models/init.zip"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("file:/models/init.zip");
    }

    private static float[] constantCrop(float level) {
        float[] crop = new float[GEOMETRY.length()];
        Arrays.fill(crop, level);
        return crop;
    }
}
