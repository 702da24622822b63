package org.deeplesion.jobs.categorize;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplesion.embed.CropGeometry;
import org.deeplesion.embed.EmbeddingNetwork;
import org.deeplesion.embed.Floats;
import org.deeplesion.jobs.spark.RowValues;

/**
 * On the executors: lesion crops in, embeddings out, in batches through the broadcast network. A task holds one
 * batch of crops at a time.
 */
final class EmbedPass implements FlatMapFunction<Iterator<Row>, Row> {

    private static final long serialVersionUID = 1L;

    static final int BATCH = 64;

    private final Broadcast<byte[]> model;
    private final CropGeometry geometry;
    private final int round;
    private final String runId;

    EmbedPass(Broadcast<byte[]> model, CropGeometry geometry, int round, String runId) {
        this.model = model;
        this.geometry = geometry;
        this.round = round;
        this.runId = runId;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> crops) {
        if (!crops.hasNext()) {
            return List.<Row>of().iterator();
        }
        ComputationGraph net = EmbeddingNetwork.fromBytes(model.value(), "the broadcast embedding network");
        return new Iterator<>() {
            private Iterator<Row> batch = List.<Row>of().iterator();

            @Override
            public boolean hasNext() {
                if (!batch.hasNext() && crops.hasNext()) {
                    batch = next(net).iterator();
                }
                return batch.hasNext();
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new java.util.NoSuchElementException();
                }
                return batch.next();
            }

            private List<Row> next(ComputationGraph net) {
                List<String> ids = new ArrayList<>(BATCH);
                List<float[]> inputs = new ArrayList<>(BATCH);
                while (crops.hasNext() && ids.size() < BATCH) {
                    Row row = crops.next();
                    ids.add(row.getAs("lesion_id"));
                    inputs.add(Floats.fromBytes(row.getAs("crop")));
                }
                float[][] embeddings = EmbeddingNetwork.embed(net, geometry, inputs.toArray(float[][]::new));
                List<Row> out = new ArrayList<>(ids.size());
                for (int i = 0; i < ids.size(); i++) {
                    List<Float> vector = new ArrayList<>(embeddings[i].length);
                    for (float v : embeddings[i]) {
                        vector.add(v);
                    }
                    out.add(RowFactory.create(ids.get(i), round, RowValues.array(vector), runId));
                }
                return out;
            }
        };
    }
}
