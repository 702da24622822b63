package org.deeplesion.jobs.refresh;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.deeplesion.jobs.categorize.CategorizeJob;
import org.deeplesion.jobs.categorize.CategorizeOptions;
import org.deeplesion.jobs.categorize.CategorizeSummary;
import org.deeplesion.jobs.lake.LakeTable;
import org.deeplesion.jobs.run.JobContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Categorisation as a refresh stage: when the lake has lesions that no categorisation run has labelled, the lesions
 * are categorised again, all of them, as one new run. New lesions move the k-means centres, and a labelling that
 * mixed old and new centres would not be one partition; the latest successful {@code categorize} run in
 * {@code runs} is the current labelling. A lake with fewer lesions than the clusters asked for is left for a later
 * refresh, not failed.
 */
final class CategorizeStage implements RefreshStage {

    private static final Logger LOG = LoggerFactory.getLogger(CategorizeStage.class);

    @Override
    public String name() {
        return "categorize";
    }

    @Override
    public List<LakeTable> inputs() {
        return List.of(LakeTable.LESIONS);
    }

    @Override
    public Map<String, Long> run(Increment increment, RefreshOptions options, JobContext context) {
        CategorizeOptions categorize = options.categorize();
        if (categorize == null || !increment.changed(LakeTable.LESIONS)) {
            return Map.of("uncategorised", 0L);
        }
        Dataset<Row> lesions = increment.current(LakeTable.LESIONS).select("lesion_id");
        Dataset<Row> labelled =
                increment.lake().readOrEmpty(LakeTable.PSEUDO_LABELS).select("lesion_id");
        long uncategorised = lesions.join(
                        labelled, lesions.col("lesion_id").equalTo(labelled.col("lesion_id")), "left_anti")
                .count();
        if (uncategorised == 0) {
            return Map.of("uncategorised", 0L);
        }
        long total = lesions.count();
        if (total < categorize.largestK()) {
            LOG.info(
                    "refresh: {} lesions are fewer than the {} clusters asked for; categorisation waits for more",
                    total,
                    categorize.largestK());
            return Map.of("uncategorised", uncategorised, "waiting_for_lesions", 1L);
        }
        try {
            CategorizeSummary s = new CategorizeJob(increment.lake().spark(), categorize, context).run();
            return Map.of(
                    "uncategorised", uncategorised, "lesions", s.lesions(), "k", (long) s.k(), "rejects", s.rejects());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
