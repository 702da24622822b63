package org.deeplesion.jobs.categorize;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.deeplesion.embed.CropGeometry;
import org.deeplesion.embed.EmbeddingNetwork;
import org.deeplesion.embed.Floats;
import org.nd4j.linalg.dataset.DataSet;

/**
 * One refinement step: the network is trained, across the executors with DL4J parameter averaging, to predict each
 * lesion's current cluster from its crop. Its embedding layer then separates what the clusters separate, and
 * re-embedding sharpens the clusters (DeepCluster's alternation).
 */
final class Refinement {

    static final int BATCH_PER_WORKER = 32;
    static final int AVERAGING_FREQUENCY = 4;

    private Refinement() {
    }

    /**
     * @param crops lesion_id, crop
     * @param assignments lesion_id, cluster
     */
    static ComputationGraph train(JavaSparkContext jsc, ComputationGraph net, CropGeometry geometry,
            Dataset<Row> crops, Dataset<Row> assignments, int k, int epochs, long seed) {
        ComputationGraph head = EmbeddingNetwork.withClasses(net, k, seed);
        JavaRDD<DataSet> examples = crops.join(assignments, "lesion_id").toJavaRDD()
                .map(r -> EmbeddingNetwork.example(geometry, Floats.fromBytes(r.getAs("crop")), r.getAs("cluster"),
                        k))
                .persist(StorageLevel.MEMORY_AND_DISK_SER());
        ParameterAveragingTrainingMaster master = new ParameterAveragingTrainingMaster.Builder(1)
                .batchSizePerWorker(BATCH_PER_WORKER)
                .averagingFrequency(AVERAGING_FREQUENCY)
                .workerPrefetchNumBatches(0)
                .rddTrainingApproach(RDDTrainingApproach.Direct)
                .rngSeed(seed)
                .build();
        SparkComputationGraph spark = new SparkComputationGraph(jsc, head, master);
        try {
            for (int epoch = 0; epoch < epochs; epoch++) {
                spark.fit(examples);
            }
            return spark.getNetwork();
        } finally {
            examples.unpersist();
            master.deleteTempFiles(jsc);
        }
    }
}
