package org.deeplesion.encoding;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.deeplesion.nn.OneDnn;

/**
 * Networks as DL4J model files (ModelSerializer's zip, without the updater's state), the form a network takes in a
 * Spark broadcast and in an initial-model file.
 */
public final class ModelFiles {

    private ModelFiles() {}

    public static byte[] toBytes(ComputationGraph net) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ModelSerializer.writeModel(net, out, false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * @param source names the bytes' origin in errors
     * @throws IllegalArgumentException when the bytes are not a DL4J computation graph
     */
    public static ComputationGraph fromBytes(byte[] bytes, String source) {
        OneDnn.enable();
        try {
            return ModelSerializer.restoreComputationGraph(new ByteArrayInputStream(bytes), false);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(
                    source + ": not a DL4J computation graph model file: " + e.getMessage(), e);
        }
    }
}
