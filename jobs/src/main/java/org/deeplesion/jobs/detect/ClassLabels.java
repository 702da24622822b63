package org.deeplesion.jobs.detect;

import static org.apache.spark.sql.functions.col;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.deeplesion.jobs.categorize.TrueTypes;
import org.deeplesion.jobs.lake.Lake;
import org.deeplesion.jobs.lake.LakeTable;

/**
 * The detector's classes: one "lesion" class; the clusters of a successful categorisation run (its pseudo labels,
 * the latest run's unless one is named), named {@code cluster-<n>}; or a synthetic cohort's true lesion types, named
 * as the types are, the upper bound that pseudo labels approach.
 *
 * @param byLesion lesion_id to 1-based class label
 */
record ClassLabels(List<String> names, String runId, Map<String, Integer> byLesion) {

    static final String LESION = "lesion";

    static ClassLabels of(Lake lake, String classes, TrainOptions.Extras extras) throws IOException {
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
        if (TrainOptions.TRUTH.equals(classes)) {
            return trueTypes(lesions, extras.truth());
        }
        String noLabels = lake.root() + ": there are no pseudo labels from a successful categorize run; run "
                + "categorize first, or train with --classes single";
        Dataset<Row> runs = lake.read(LakeTable.RUNS).orElseThrow(() -> new IllegalArgumentException(noLabels));
        String missing = noLabels;
        Dataset<Row> succeeded =
                runs.filter(col("job").equalTo("categorize").and(col("status").equalTo("succeeded")));
        if (extras.labelRun() != null) {
            succeeded = succeeded.filter(col("run_id").equalTo(extras.labelRun()));
            missing = lake.root() + ": --label-run " + extras.labelRun() + " is not a successful categorize run "
                    + "of this lake (the runs table lists them)";
        }
        List<Row> latest = succeeded
                .orderBy(col("finished_at").desc())
                .limit(1)
                .select("run_id")
                .collectAsList();
        if (latest.isEmpty() || !lake.exists(LakeTable.PSEUDO_LABELS)) {
            throw new IllegalArgumentException(missing);
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

    /** Classes by true type, in name order; lesions the truth does not type train only the proposals. */
    private static ClassLabels trueTypes(Dataset<Row> lesions, String truth) throws IOException {
        Map<String, String> types = TrueTypes.of(lesions, truth);
        if (types.isEmpty()) {
            throw new IllegalArgumentException(truth + ": no lesion of the lake matches a lesion of this truth; is it "
                    + "the truth of the cohort this lake was ingested from?");
        }
        List<String> names = new ArrayList<>(new TreeSet<>(types.values()));
        Map<String, Integer> labels = new HashMap<>();
        types.forEach((lesion, type) -> labels.put(lesion, names.indexOf(type) + 1));
        return new ClassLabels(names, null, labels);
    }
}
