package org.deeplesion.jobs.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.deeplesion.jobs.SparkTestSession;
import org.deeplesion.jobs.lake.Lake;
import org.deeplesion.jobs.lake.LakeTable;
import org.deeplesion.progress.ProgressOutput;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobRunTest {

    private static final Instant START = Instant.parse("2026-01-02T03:04:05Z");

    @TempDir
    Path dir;

    private final SparkSession spark = SparkTestSession.get();

    /** A clock that a test moves forward by hand. */
    private static final class StepClock extends Clock {
        private Instant now = START;

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private record Summary(long things) implements JobSummary {
        @Override
        public String line() {
            return "test: " + things + " things";
        }

        @Override
        public Map<String, Long> counts() {
            return Map.of("things", things);
        }

        @Override
        public Map<String, Double> metrics() {
            return Map.of("things_per_s", things / 2.0);
        }
    }

    private JobContext context(Clock clock) {
        List<String> lines = new ArrayList<>();
        return new JobContext(clock, ProgressOutput.log(lines::add, Duration.ZERO));
    }

    private Row onlyRun(Lake lake) {
        List<Row> rows = lake.read(LakeTable.RUNS).orElseThrow().collectAsList();
        assertThat(rows).hasSize(1);
        return rows.get(0);
    }

    @Test
    void aSucceededRunIsRecordedWithTheTimesOfItsClockAndTheSummarysCountsAndMetrics() {
        Lake lake = new Lake(spark, dir.toUri().toString());
        StepClock clock = new StepClock();
        Summary summary;
        try (JobRun run = JobRun.start(spark, lake, "test", context(clock))) {
            clock.advance(Duration.ofSeconds(2));
            assertThat(run.seconds()).isEqualTo(2.0);
            summary = run.succeeded(new Summary(4), Map.of("lake", lake.root()));
        }

        Row row = onlyRun(lake);
        assertThat(row.<String>getAs("job")).isEqualTo("test");
        assertThat(row.<String>getAs("status")).isEqualTo("succeeded");
        assertThat(row.<Timestamp>getAs("started_at").toInstant()).isEqualTo(START);
        assertThat(row.<Timestamp>getAs("finished_at").toInstant()).isEqualTo(START.plusSeconds(2));
        assertThat(row.<String, Long>getJavaMap(row.fieldIndex("counts"))).isEqualTo(summary.counts());
        assertThat(row.<String, Double>getJavaMap(row.fieldIndex("metrics"))).isEqualTo(summary.metrics());
        assertThat(row.<String, String>getJavaMap(row.fieldIndex("parameters"))).containsEntry("lake", lake.root());
    }

    @Test
    void aFailedRunIsRecordedWithItsErrorAndTheFailureIsReturnedToBeThrown() {
        Lake lake = new Lake(spark, dir.toUri().toString());
        IllegalStateException failure = new IllegalStateException("a.dcm: broken");
        IllegalStateException returned;
        try (JobRun run = JobRun.start(spark, lake, "test", context(new StepClock()))) {
            returned = run.failed(failure, Map.of(), Map.of("things", 1L));
        }

        assertThat(returned).isSameAs(failure);
        Row row = onlyRun(lake);
        assertThat(row.<String>getAs("status")).isEqualTo("failed");
        assertThat(row.<String, String>getJavaMap(row.fieldIndex("parameters")))
                .containsEntry("error", "a.dcm: broken");
    }

    @Test
    void sparkJobsOfARunAreListedUnderItsIdUntilItCloses() {
        Lake lake = new Lake(spark, dir.toUri().toString());
        String during;
        String runId;
        try (JobRun run = JobRun.start(spark, lake, "test", "run-7", context(new StepClock()))) {
            runId = run.id();
            run.step("count");
            during = spark.sparkContext().getLocalProperty("spark.jobGroup.id");
            spark.range(3).count();
        }

        assertThat(runId).isEqualTo("run-7");
        assertThat(during).isEqualTo("run-7");
        assertThat(spark.sparkContext().getLocalProperty("spark.jobGroup.id")).isNull();
    }
}
