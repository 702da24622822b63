package org.deeplesion.jobs.lake;

import static java.util.Objects.requireNonNull;

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

    public static final String SUCCEEDED = "succeeded";
    public static final String FAILED = "failed";

    private RunLog() {}

    public static void record(
            Lake lake,
            String runId,
            String job,
            String status,
            Instant started,
            Instant finished,
            Map<String, String> parameters,
            Map<String, Long> counts,
            Map<String, Double> metrics) {
        requireNonNull(lake, "lake");
        requireNonNull(runId, "runId");
        requireNonNull(job, "job");
        requireNonNull(status, "status");
        requireNonNull(started, "started");
        requireNonNull(finished, "finished");
        Row row = RowFactory.create(
                runId,
                job,
                status,
                Timestamp.from(started),
                Timestamp.from(finished),
                (finished.toEpochMilli() - started.toEpochMilli()) / 1000.0,
                RowValues.map(new TreeMap<>(requireNonNull(parameters, "parameters"))),
                RowValues.map(new TreeMap<>(requireNonNull(counts, "counts"))),
                RowValues.map(new TreeMap<>(requireNonNull(metrics, "metrics"))));
        lake.insertNew(LakeTable.RUNS, List.of(row));
    }
}
