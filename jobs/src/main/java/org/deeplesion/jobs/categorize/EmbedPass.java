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
import org.deeplesion.encoding.Floats;
import org.deeplesion.encoding.ModelFiles;
import org.deeplesion.jobs.spark.PerItem;
import org.deeplesion.jobs.spark.RowValues;
import org.deeplesion.jobs.spark.TaskThreads;

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
        TaskThreads.limitThisTask();
        ComputationGraph net = ModelFiles.fromBytes(model.value(), "the broadcast embedding network");
        return PerItem.flatMapBatches(crops, BATCH, batch -> embed(net, batch));
    }

    private List<Row> embed(ComputationGraph net, List<Row> batch) {
        float[][] inputs = new float[batch.size()][];
        for (int i = 0; i < inputs.length; i++) {
            inputs[i] = Floats.fromBytes(batch.get(i).getAs("crop"));
        }
        float[][] embeddings = EmbeddingNetwork.embed(net, geometry, inputs);
        List<Row> out = new ArrayList<>(batch.size());
        for (int i = 0; i < inputs.length; i++) {
            List<Float> vector = new ArrayList<>(embeddings[i].length);
            for (float v : embeddings[i]) {
                vector.add(v);
            }
            out.add(RowFactory.create(batch.get(i).getAs("lesion_id"), round, RowValues.array(vector), runId));
        }
        return out;
    }
}
