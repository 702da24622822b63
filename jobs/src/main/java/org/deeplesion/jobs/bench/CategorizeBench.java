package org.deeplesion.jobs.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.deeplesion.embed.CropGeometry;
import org.deeplesion.embed.EmbeddingNetwork;
import org.deeplesion.encoding.Floats;
import org.deeplesion.encoding.ModelFiles;
import org.deeplesion.jobs.categorize.CategorizeJob;
import org.deeplesion.jobs.categorize.Clustering;
import org.deeplesion.jobs.lake.LakeTable;
import org.deeplesion.jobs.spark.RowValues;

/**
 * Categorisation figures: embedding throughput on the executors (crops generated in memory, so that only the
 * network is measured) and MLlib k-means time over synthetic embeddings (Gaussian clusters in d dimensions).
 */
final class CategorizeBench {

    private CategorizeBench() {}

    static String embed(SparkSession spark, int lesions, int passes) throws Exception {
        CropGeometry geometry = CropGeometry.defaults();
        List<Row> rows = new ArrayList<>(lesions);
        Random random = new Random(1);
        for (int i = 0; i < lesions; i++) {
            float[] crop = new float[geometry.length()];
            for (int j = 0; j < crop.length; j++) {
                crop[j] = random.nextFloat();
            }
            rows.add(RowFactory.create("lesion-" + i, Floats.toBytes(crop)));
        }
        StructType schema =
                new StructType().add("lesion_id", DataTypes.StringType).add("crop", DataTypes.BinaryType);
        int partitions = spark.sparkContext().defaultParallelism();
        Dataset<Row> crops =
                spark.createDataFrame(rows, schema).repartition(partitions).persist(StorageLevel.MEMORY_ONLY());
        crops.count();
        Broadcast<byte[]> model = JavaSparkContext.fromSparkContext(spark.sparkContext())
                .broadcast(ModelFiles.toBytes(EmbeddingNetwork.create(geometry, 64, 8, 1)));
        Timing.Rate rate = Timing.measure(1, passes, () -> {
            long n = CategorizeJob.embed(crops, model, geometry, 1, "bench").count();
            if (n != lesions) {
                throw new IllegalStateException("embedded " + n + " of " + lesions + " lesions");
            }
            return lesions;
        });
        return String.format(
                Locale.ROOT,
                "embed %d lesions (%s crops, %d partitions): %s",
                lesions,
                geometry.channels() + "x" + geometry.sizePx() + "x" + geometry.sizePx(),
                partitions,
                rate.describe("lesions"));
    }

    static String kmeans(SparkSession spark, int points, int dimensions, int k, long seed) {
        Random random = new Random(seed);
        double[][] centres = new double[k][dimensions];
        for (double[] centre : centres) {
            for (int d = 0; d < dimensions; d++) {
                centre[d] = random.nextGaussian() * 3;
            }
        }
        List<Integer> ids = new ArrayList<>(points);
        for (int i = 0; i < points; i++) {
            ids.add(i);
        }
        int partitions = spark.sparkContext().defaultParallelism() * 2;
        JavaRDD<Row> rows = JavaSparkContext.fromSparkContext(spark.sparkContext())
                .parallelize(ids, partitions)
                .map(i -> {
                    Random r = new Random(seed * 1_000_003L + i);
                    double[] centre = centres[i % k];
                    List<Float> v = new ArrayList<>(dimensions);
                    for (int d = 0; d < dimensions; d++) {
                        v.add((float) (centre[d] + r.nextGaussian()));
                    }
                    return RowFactory.create("p" + i, 1, RowValues.array(v), "bench");
                });
        Dataset<Row> embeddings =
                spark.createDataFrame(rows, LakeTable.EMBEDDINGS.schema()).persist(StorageLevel.MEMORY_AND_DISK());
        embeddings.count();
        long start = System.nanoTime();
        Clustering.Result result = Clustering.cluster(embeddings, k, k, k, seed);
        long assigned = result.assignments().count();
        double seconds = (System.nanoTime() - start) / 1e9;
        embeddings.unpersist();
        return String.format(
                Locale.ROOT,
                "k-means %d x %d-d embeddings, k=%d (standardise, normalise, fit, " + "silhouette, assign %d): %.1f s",
                points,
                dimensions,
                k,
                assigned,
                seconds);
    }
}
