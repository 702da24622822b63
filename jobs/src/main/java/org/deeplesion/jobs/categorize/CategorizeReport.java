package org.deeplesion.jobs.categorize;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.row_number;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.ml.feature.PCA;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.deeplesion.embed.CropGeometry;
import org.deeplesion.encoding.Floats;
import org.deeplesion.jobs.lake.ReportFolder;
import org.deeplesion.report.Charts;
import org.deeplesion.report.Montage;

/**
 * {@code reports/categorize/<run>/} under the lake root: {@code summary.json}, {@code sizes.png},
 * {@code projection.png} (the embeddings' first two principal components, coloured by cluster) and
 * {@code montage.png} (the lesions nearest each centre: close-up and context of the key slice).
 */
final class CategorizeReport {

    static final int EXEMPLARS = 6;
    static final int MAX_PROJECTED = 5000;

    private final ReportFolder folder;

    /** @param dir the run's report folder, {@code Lake.reports(stage, run id)} */
    CategorizeReport(String dir, Configuration conf) {
        this.folder = new ReportFolder(dir, conf);
    }

    String dir() {
        return folder.dir();
    }

    /** @param assignment each lesion's cluster in the last round, as the job collected it */
    void write(
            CategorizeSummary summary,
            Clustering.Result last,
            Map<String, Integer> assignment,
            Dataset<Row> crops,
            CropGeometry geometry,
            Map<String, String> trueTypes,
            long seed)
            throws IOException {
        Map<Integer, String> names = clusterNames(assignment, trueTypes, summary.sizes());
        writeJson(summary, names, trueTypes);
        List<String> labels = new ArrayList<>();
        List<Long> sizes = new ArrayList<>();
        summary.sizes().forEach((cluster, size) -> {
            labels.add(Integer.toString(cluster));
            sizes.add(size);
        });
        folder.write("sizes.png", Charts.png(Charts.bars("Lesions per cluster", "lesions", labels, sizes)));
        folder.write("projection.png", Charts.png(projection(last, names, seed)));
        folder.write("montage.png", Charts.png(montage(last, crops, geometry, names)));
    }

    /** "cluster 3" or, where true types are known, "cluster 3: liver_lesion 92%". */
    private static Map<Integer, String> clusterNames(
            Map<String, Integer> assignment, Map<String, String> trueTypes, Map<Integer, Long> sizes) {
        Map<Integer, Map<String, Integer>> counts = new HashMap<>();
        assignment.forEach((lesion, cluster) -> {
            String type = trueTypes.get(lesion);
            if (type != null) {
                counts.computeIfAbsent(cluster, c -> new HashMap<>()).merge(type, 1, Integer::sum);
            }
        });
        Map<Integer, String> names = new TreeMap<>();
        for (int cluster : sizes.keySet()) {
            String name = "cluster " + cluster;
            Map<String, Integer> types = counts.get(cluster);
            if (types != null) {
                var top = types.entrySet().stream()
                        .max(Map.Entry.comparingByValue())
                        .orElseThrow();
                int known = types.values().stream().mapToInt(Integer::intValue).sum();
                name += ": " + top.getKey() + " " + Math.round(100.0 * top.getValue() / known) + "%";
            }
            names.put(cluster, name);
        }
        return names;
    }

    private void writeJson(CategorizeSummary summary, Map<Integer, String> names, Map<String, String> trueTypes)
            throws IOException {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        root.put("run_id", summary.runId());
        root.put("lesions", summary.lesions());
        root.put("rejects", summary.rejects());
        root.put("k", summary.k());
        root.put("k_chosen_by", summary.silhouetteByK().size() > 1 ? "highest silhouette" : "--k");
        ObjectNode silhouettes = root.putObject("silhouette_by_k");
        summary.silhouetteByK().forEach((k, s) -> silhouettes.put(Integer.toString(k), s));
        ObjectNode sizes = root.putObject("cluster_sizes");
        summary.sizes().forEach((c, n) -> sizes.put(Integer.toString(c), n));
        ObjectNode clusterNames = root.putObject("cluster_names");
        names.forEach((c, n) -> clusterNames.put(Integer.toString(c), n));
        root.put("true_types_known", trueTypes.size());
        ArrayNode rounds = root.putArray("rounds");
        for (RoundResult r : summary.rounds()) {
            ObjectNode node = rounds.addObject();
            node.put("round", r.round());
            node.put("k", r.k());
            node.put("silhouette", r.silhouette());
            putFinite(node, "nmi_previous_round", r.nmiPrevious());
            putFinite(node, "nmi_true_types", r.nmiTruth());
            putFinite(node, "purity_true_types", r.purityTruth());
            node.put("embed_seconds", r.embedSeconds());
            node.put("cluster_seconds", r.clusterSeconds());
            node.put("train_seconds", r.trainSeconds());
        }
        root.put("seconds", summary.seconds());
        folder.write("summary.json", mapper.writeValueAsBytes(root));
    }

    private static void putFinite(ObjectNode node, String name, double value) {
        if (Double.isNaN(value)) {
            node.putNull(name);
        } else {
            node.put(name, value);
        }
    }

    private static BufferedImage projection(Clustering.Result last, Map<Integer, String> names, long seed) {
        Dataset<Row> features = last.features().join(last.assignments(), "lesion_id");
        long n = features.count();
        if (n > MAX_PROJECTED) {
            features = features.sample(false, MAX_PROJECTED / (double) n, seed);
        }
        Dataset<Row> projected = new PCA()
                .setK(2)
                .setInputCol("features")
                .setOutputCol("pc")
                .fit(features)
                .transform(features)
                .select("pc", "cluster");
        List<Row> rows = projected.collectAsList();
        double[] x = new double[rows.size()];
        double[] y = new double[rows.size()];
        int[] group = new int[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            Vector pc = r.getAs("pc");
            x[i] = pc.apply(0);
            y[i] = pc.apply(1);
            group[i] = r.getAs("cluster");
        }
        return Charts.scatter(
                "Embeddings, first two principal components",
                "PC 1",
                "PC 2",
                x,
                y,
                group,
                new ArrayList<>(names.values()));
    }

    private static BufferedImage montage(
            Clustering.Result last, Dataset<Row> crops, CropGeometry geometry, Map<Integer, String> names) {
        Dataset<Row> nearest = last.assignments()
                .withColumn(
                        "rank", row_number().over(Window.partitionBy("cluster").orderBy("distance")))
                .filter(col("rank").leq(EXEMPLARS))
                .join(crops, "lesion_id")
                .select("cluster", "rank", "crop");
        Map<Integer, List<Row>> byCluster = new TreeMap<>();
        for (Row r : nearest.orderBy("cluster", "rank").collectAsList()) {
            byCluster
                    .computeIfAbsent(r.getAs("cluster"), c -> new ArrayList<>())
                    .add(r);
        }
        int n = geometry.sizePx();
        List<List<float[]>> rows = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (var entry : byCluster.entrySet()) {
            List<float[]> tiles = new ArrayList<>();
            for (Row r : entry.getValue()) {
                float[] crop = Floats.fromBytes(r.getAs("crop"));
                tiles.add(geometry.plane(crop, geometry.closeUpChannel()));
                tiles.add(geometry.plane(crop, geometry.contextChannel()));
            }
            rows.add(tiles);
            labels.add(names.getOrDefault(entry.getKey(), "cluster " + entry.getKey()));
        }
        return Montage.of(rows, labels, n, Math.max(1, 64 / n));
    }
}
