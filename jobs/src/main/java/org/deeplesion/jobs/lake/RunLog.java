package org.deeplesion.jobs.lake;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.deeplesion.jobs.spark.RowValues;

/** Records a job run in the {@code runs} table. */
public final class RunLog {

    private RunLog() {
    }

    public static void record(Lake lake, String runId, String job, String status, Instant started,
            Map<String, String> parameters, Map<String, Long> counts, Map<String, Double> metrics) {
        Instant finished = Instant.now();
        Row row = RowFactory.create(runId, job, status, Timestamp.from(started), Timestamp.from(finished),
                (finished.toEpochMilli() - started.toEpochMilli()) / 1000.0,
                RowValues.map(new TreeMap<>(parameters)), RowValues.map(new TreeMap<>(counts)),
                RowValues.map(new TreeMap<>(metrics)));
        lake.insertNew(LakeTable.RUNS, List.of(row));
    }
}
