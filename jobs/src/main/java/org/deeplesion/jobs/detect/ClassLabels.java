package org.deeplesion.jobs.detect;

import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.deeplesion.jobs.lake.Lake;
import org.deeplesion.jobs.lake.LakeTable;

/**
 * The detector's classes: one "lesion" class, or the clusters of the latest successful categorisation run (its
 * pseudo labels), named {@code cluster-<n>}.
 *
 * @param byLesion lesion_id to 1-based class label
 */
record ClassLabels(List<String> names, String runId, Map<String, Integer> byLesion) {

    static final String LESION = "lesion";

    static ClassLabels of(Lake lake, String classes) {
        Dataset<Row> lesions = lake.read(LakeTable.LESIONS)
                .orElseThrow(() -> new IllegalArgumentException(
                        lake.path(LakeTable.LESIONS) + ": there is no lesions table; run mine first"));
        if (lesions.isEmpty()) {
            throw new IllegalArgumentException(lake.path(LakeTable.LESIONS) + ": no lesions to train on; mine "
                    + "found none (the rejects table says why measurements were refused)");
        }
        if (TrainOptions.SINGLE.equals(classes)) {
            Map<String, Integer> all = new HashMap<>();
            for (Row r : lesions.select("lesion_id").collectAsList()) {
                all.put(r.getAs("lesion_id"), 1);
            }
            return new ClassLabels(List.of(LESION), null, all);
        }
        String noLabels = lake.root() + ": there are no pseudo labels from a successful categorize run; run "
                + "categorize first, or train with --classes single";
        Dataset<Row> runs = lake.read(LakeTable.RUNS).orElseThrow(() -> new IllegalArgumentException(noLabels));
        List<Row> latest = runs.filter(
                        col("job").equalTo("categorize").and(col("status").equalTo("succeeded")))
                .orderBy(col("finished_at").desc())
                .limit(1)
                .select("run_id")
                .collectAsList();
        if (latest.isEmpty() || !lake.exists(LakeTable.PSEUDO_LABELS)) {
            throw new IllegalArgumentException(noLabels);
        }
        String runId = latest.get(0).getAs("run_id");
        Map<String, Integer> labels = new HashMap<>();
        int clusters = 0;
        for (Row r : lake.read(LakeTable.PSEUDO_LABELS)
                .orElseThrow()
                .filter(col("run_id").equalTo(runId))
                .select("lesion_id", "cluster")
                .collectAsList()) {
            int label = r.<Integer>getAs("cluster") + 1;
            labels.put(r.getAs("lesion_id"), label);
            clusters = Math.max(clusters, label);
        }
        List<String> names = new ArrayList<>();
        for (int c = 0; c < clusters; c++) {
            names.add("cluster-" + c);
        }
        return new ClassLabels(names, runId, labels);
    }
}
