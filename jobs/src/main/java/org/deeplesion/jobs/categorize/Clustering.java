package org.deeplesion.jobs.categorize;

import static org.apache.spark.ml.functions.array_to_vector;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.udf;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.ml.clustering.KMeans;
import org.apache.spark.ml.clustering.KMeansModel;
import org.apache.spark.ml.evaluation.ClusteringEvaluator;
import org.apache.spark.ml.feature.Normalizer;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.types.DataTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MLlib k-means (k-means||, fixed seed) over standardised, unit-length embeddings, so that distance is cosine
 * distance over dimensions of equal weight. With a range of k, the k of the highest silhouette (squared Euclidean,
 * MLlib's {@code ClusteringEvaluator}) is chosen and every k's silhouette is kept for the report.
 */
public final class Clustering {

    private static final Logger LOG = LoggerFactory.getLogger(Clustering.class);
    static final int MAX_ITERATIONS = 50;

    /**
     * @param features lesion id and the unit-length feature vector that was clustered
     * @param assignments lesion id, cluster and distance to the cluster's centre
     */
    public record Result(int k, Map<Integer, Double> silhouetteByK, Dataset<Row> features, Dataset<Row> assignments) {

        public double silhouette() {
            return silhouetteByK.get(k);
        }
    }

    private Clustering() {}

    /** Embeddings as (lesion_id, embedding array) to unit-length standardised vectors (lesion_id, features). */
    static Dataset<Row> features(Dataset<Row> embeddings) {
        Dataset<Row> raw = embeddings.select(
                col("lesion_id"), array_to_vector(col("embedding")).as("raw"));
        Dataset<Row> scaled = new StandardScaler()
                .setInputCol("raw")
                .setOutputCol("scaled")
                .setWithMean(true)
                .setWithStd(true)
                .fit(raw)
                .transform(raw);
        return new Normalizer()
                .setInputCol("scaled")
                .setOutputCol("features")
                .setP(2)
                .transform(scaled)
                .select("lesion_id", "features");
    }

    /** Clusters with the given k, or chooses k over {@code kMin..kMax} when {@code k} is null. */
    public static Result cluster(Dataset<Row> embeddings, Integer k, int kMin, int kMax, long seed) {
        Dataset<Row> features = features(embeddings).cache();
        int from = k != null ? k : kMin;
        int to = k != null ? k : kMax;
        Map<Integer, Double> silhouettes = new LinkedHashMap<>();
        KMeansModel best = null;
        double bestSilhouette = Double.NEGATIVE_INFINITY;
        for (int candidate = from; candidate <= to; candidate++) {
            KMeansModel model = kmeans(candidate, seed).fit(features);
            double silhouette = new ClusteringEvaluator()
                    .setFeaturesCol("features")
                    .setPredictionCol("cluster")
                    .evaluate(model.transform(features));
            silhouettes.put(candidate, silhouette);
            LOG.info("k-means with k={}: silhouette {}", candidate, String.format("%.4f", silhouette));
            if (silhouette > bestSilhouette) {
                best = model;
                bestSilhouette = silhouette;
            }
        }
        Vector[] centres = best.clusterCenters();
        UDF2<Vector, Integer, Double> distance = (v, c) -> Math.sqrt(Vectors.sqdist(v, centres[c]));
        Dataset<Row> assignments = best.transform(features)
                .withColumn("distance", udf(distance, DataTypes.DoubleType).apply(col("features"), col("cluster")))
                .select("lesion_id", "cluster", "distance");
        return new Result(centres.length, silhouettes, features, assignments);
    }

    static KMeans kmeans(int k, long seed) {
        return new KMeans()
                .setK(k)
                .setSeed(seed)
                .setInitMode("k-means||")
                .setMaxIter(MAX_ITERATIONS)
                .setFeaturesCol("features")
                .setPredictionCol("cluster");
    }
}
