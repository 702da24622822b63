package org.deeplesion.jobs.categorize;

import java.util.Locale;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.LongAccumulator;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.deeplesion.embed.CropGeometry;
import org.deeplesion.embed.EmbeddingNetwork;
import org.deeplesion.encoding.Floats;
import org.deeplesion.jobs.spark.FitCounter;
import org.deeplesion.jobs.spark.SparkProgress;
import org.deeplesion.jobs.spark.TaskThreads;
import org.deeplesion.progress.ProgressOutput;
import org.nd4j.linalg.dataset.DataSet;

/**
 * One refinement step: the network is trained, across the executors with DL4J parameter averaging, to predict each
 * lesion's current cluster from its crop. Its embedding layer then separates what the clusters separate, and
 * re-embedding sharpens the clusters (DeepCluster's alternation).
 */
final class Refinement {

    static final int BATCH_PER_WORKER = 32;
    static final int AVERAGING_FREQUENCY = 4;

    private Refinement() {}

    /**
     * @param crops lesion_id, crop
     * @param assignments lesion_id, cluster
     * @param step what the progress lines call this refinement, e.g. "categorize round 1"
     */
    static ComputationGraph train(
            JavaSparkContext jsc,
            ComputationGraph net,
            CropGeometry geometry,
            Dataset<Row> crops,
            Dataset<Row> assignments,
            int k,
            int epochs,
            long seed,
            String step,
            ProgressOutput progress) {
        ComputationGraph head = EmbeddingNetwork.withClasses(net, k, seed);
        JavaRDD<DataSet> examples = crops.join(assignments, "lesion_id")
                .toJavaRDD()
                .map(r -> EmbeddingNetwork.example(geometry, Floats.fromBytes(r.getAs("crop")), r.getAs("cluster"), k))
                .persist(StorageLevel.MEMORY_AND_DISK_SER());
        long count = examples.count();
        ParameterAveragingTrainingMaster master = new ParameterAveragingTrainingMaster.Builder(1)
                .batchSizePerWorker(BATCH_PER_WORKER)
                .averagingFrequency(AVERAGING_FREQUENCY)
                .workerPrefetchNumBatches(0)
                .rddTrainingApproach(RDDTrainingApproach.Direct)
                .rngSeed(seed)
                .build();
        // DL4J cuts the minibatches itself, per partition: only the crops are known to count before fitting.
        LongAccumulator fitted = jsc.sc().longAccumulator("crops fitted");
        master.addHook(FitCounter.examples(fitted));
        master.addHook(TaskThreads.hook());
        SparkComputationGraph spark = new SparkComputationGraph(jsc, head, master);
        try {
            for (int epoch = 1; epoch <= epochs; epoch++) {
                try (SparkProgress shown = SparkProgress.start(
                        jsc.sc(),
                        fitted,
                        String.format(Locale.ROOT, "%s, epoch %d/%d", step, epoch, epochs),
                        "crops",
                        count,
                        progress)) {
                    spark.fit(examples);
                }
            }
            return spark.getNetwork();
        } finally {
            examples.unpersist();
            master.deleteTempFiles(jsc);
        }
    }
}
