package org.deeplesion.jobs.refresh;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.deeplesion.dicom.SopClass;
import org.deeplesion.jobs.lake.LakeTable;
import org.deeplesion.jobs.mine.MineJob;
import org.deeplesion.jobs.mine.MineSummary;
import org.deeplesion.jobs.run.JobContext;
import org.deeplesion.jobs.spark.Columns;

/**
 * Mining as a refresh stage: only the presentation states that are new, or that point at images that are new (a
 * bookmark exported before its images was rejected then and can be mined now), are read again.
 */
final class MineStage implements RefreshStage {

    @Override
    public String name() {
        return "mine";
    }

    @Override
    public List<LakeTable> inputs() {
        return List.of(LakeTable.OBJECTS, LakeTable.SLICES);
    }

    @Override
    public Map<String, Long> run(Increment increment, RefreshOptions options, JobContext context) {
        Set<String> sources = presentationStatesToMine(increment);
        if (sources.isEmpty()) {
            return Map.of("presentation_states", 0L, "new_lesions", 0L, "rejects", 0L);
        }
        MineSummary s =
                new MineJob(increment.lake().spark(), options.mine().onlyPresentationStates(sources), context).run();
        return Map.of(
                "presentation_states",
                (long) sources.size(),
                "new_lesions",
                s.newLesions(),
                "lesions",
                s.lesions(),
                "rejects",
                s.rejects());
    }

    private static Set<String> presentationStatesToMine(Increment increment) {
        boolean noSlices = increment.upTo().get(LakeTable.SLICES) < 0;
        if (noSlices || !increment.changed(LakeTable.OBJECTS) && !increment.changed(LakeTable.SLICES)) {
            return Set.of();
        }
        Dataset<Row> states = increment
                .current(LakeTable.OBJECTS)
                .filter(col("sop_class_uid").equalTo(SopClass.GRAYSCALE_SOFTCOPY_PRESENTATION_STATE));
        Dataset<Row> newStates = states.join(
                        increment.added(LakeTable.OBJECTS, "sop_instance_uid"),
                        Columns.seq("sop_instance_uid"),
                        "left_semi")
                .select("source");
        Dataset<Row> statesOfNewImages = states.select(
                        col("source"),
                        explode(col("referenced_sop_instance_uids")).as("image"))
                .join(increment.added(LakeTable.SLICES, "sop_instance_uid as image"), Columns.seq("image"), "left_semi")
                .select("source");
        Set<String> out = new HashSet<>();
        for (Row r : newStates.union(statesOfNewImages).distinct().collectAsList()) {
            out.add(r.getAs("source"));
        }
        return out;
    }
}
