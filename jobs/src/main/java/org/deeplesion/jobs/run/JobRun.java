package org.deeplesion.jobs.run;

import static java.util.Objects.requireNonNull;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;
import org.deeplesion.jobs.lake.Lake;
import org.deeplesion.jobs.lake.RunLog;
import org.deeplesion.jobs.spark.SparkProgress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of a job, from start to its {@code runs} row: the run id, the clock it is timed by, the Spark job group
 * its jobs are listed under (the run id, so that the UI and {@code cancelJobGroup} find them), the progress of its
 * steps, and the record of how it ended. Every {@code *Job} opens one in a try-with-resources block and ends it with
 * {@link #succeeded}; closing clears the job group whatever happened.
 */
public final class JobRun implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(JobRun.class);

    private final SparkSession spark;
    private final Lake lake;
    private final String stage;
    private final String id;
    private final JobContext context;
    private final Instant started;

    private JobRun(SparkSession spark, Lake lake, String stage, String id, JobContext context) {
        this.spark = spark;
        this.lake = lake;
        this.stage = stage;
        this.id = id;
        this.context = context;
        this.started = context.clock().instant();
    }

    /** Starts a run with a fresh random id. */
    public static JobRun start(SparkSession spark, Lake lake, String stage, JobContext context) {
        return start(spark, lake, stage, UUID.randomUUID().toString(), context);
    }

    /** Starts a run whose id is given (a model's id, which its {@code runs} row carries). */
    public static JobRun start(SparkSession spark, Lake lake, String stage, String id, JobContext context) {
        requireNonNull(spark, "spark");
        requireNonNull(lake, "lake");
        requireNonNull(stage, "stage");
        requireNonNull(id, "id");
        requireNonNull(context, "context");
        return new JobRun(spark, lake, stage, id, context);
    }

    public String id() {
        return id;
    }

    public String stage() {
        return stage;
    }

    public Lake lake() {
        return lake;
    }

    public JobContext context() {
        return context;
    }

    public Instant started() {
        return started;
    }

    /** The run's clock now. */
    public Instant now() {
        return context.clock().instant();
    }

    /** The run's clock now, as the lake's tables stamp rows. */
    public Timestamp timestamp() {
        return Timestamp.from(now());
    }

    /** Seconds since the run started. */
    public double seconds() {
        return secondsSince(started);
    }

    /** Seconds from an instant of this run's clock until now. */
    public double secondsSince(Instant from) {
        return Duration.between(requireNonNull(from, "from"), now()).toMillis() / 1000.0;
    }

    /** Seconds since the run started, as log lines show them. */
    public String elapsed() {
        return String.format(Locale.ROOT, "%.1f", seconds());
    }

    /** Lists the Spark jobs that follow under this run, described as the step they belong to. */
    public void step(String description) {
        requireNonNull(description, "description");
        spark.sparkContext().setJobGroup(id, stage + ": " + description, false);
    }

    /**
     * Shows a step's progress from now until the returned object is closed, fed from a named accumulator its tasks
     * add to.
     */
    public SparkProgress progress(LongAccumulator counter, String step, String unit, long total) {
        return SparkProgress.start(spark.sparkContext(), counter, step, unit, total, context.progress());
    }

    /** Records the run as succeeded in {@code runs}, with the summary's counts and metrics, and returns the summary. */
    public <S extends JobSummary> S succeeded(S summary, Map<String, String> parameters) {
        requireNonNull(summary, "summary");
        requireNonNull(parameters, "parameters");
        RunLog.record(
                lake, id, stage, RunLog.SUCCEEDED, started, now(), parameters, summary.counts(), summary.metrics());
        LOG.debug("{} {}: {}", stage, id, summary.line());
        return summary;
    }

    /**
     * Records the run as failed in {@code runs}, with the error in its parameters, and returns the failure to be
     * thrown; a failure to record is added to it as suppressed, so that the cause is what the user sees.
     */
    public <E extends Exception> E failed(E failure, Map<String, String> parameters, Map<String, Long> counts) {
        requireNonNull(failure, "failure");
        requireNonNull(parameters, "parameters");
        requireNonNull(counts, "counts");
        try {
            Map<String, String> withError = new LinkedHashMap<>(parameters);
            withError.put("error", String.valueOf(failure.getMessage()));
            RunLog.record(lake, id, stage, RunLog.FAILED, started, now(), withError, counts, Map.of());
        } catch (RuntimeException recording) {
            failure.addSuppressed(recording);
        }
        return failure;
    }

    /** Clears the job group, so that what the session runs next is not listed under this run. */
    @Override
    public void close() {
        spark.sparkContext().clearJobGroup();
    }
}
