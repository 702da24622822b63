package org.deeplesion.jobs.refresh;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.col;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.deeplesion.jobs.harvest.HarvestJob;
import org.deeplesion.jobs.harvest.HarvestSummary;
import org.deeplesion.jobs.lake.Lake;
import org.deeplesion.jobs.lake.LakeLock;
import org.deeplesion.jobs.lake.LakeTable;
import org.deeplesion.jobs.run.JobContext;
import org.deeplesion.jobs.run.JobRun;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a lake up to date with its archive: runs every stage in order over what is new since the last successful
 * refresh, under the lake's refresh lock, and records the run in {@code runs} with each stage's counts and
 * watermarks (the Delta versions of the stage's input tables it has worked through).
 *
 * <p>Crash safety comes from the stages being idempotent and the watermarks moving only when a refresh succeeds:
 * a refresh killed anywhere leaves the last successful watermarks in place, so the next one runs the whole
 * increment again, and insert-only writes keyed by stable ids make the repeated part add nothing twice.
 */
public final class RefreshJob {

    /** The stages, in order. Adding a stage is one line here. */
    static final List<RefreshStage> STAGES = List.of(new IngestStage(), new MineStage(), new CategorizeStage());

    static final String JOB = "refresh";
    private static final String WATERMARK = "watermark.";
    private static final String HARVEST = "harvest";
    private static final Logger LOG = LoggerFactory.getLogger(RefreshJob.class);

    private final SparkSession spark;
    private final RefreshOptions options;
    private final JobContext context;
    private final Lake lake;

    public RefreshJob(SparkSession spark, RefreshOptions options) {
        this(spark, options, JobContext.system());
    }

    /** A refresh whose stages run in the same context: the same clock, the same progress output. */
    public RefreshJob(SparkSession spark, RefreshOptions options, JobContext context) {
        this.spark = requireNonNull(spark, "spark");
        this.options = requireNonNull(options, "options");
        this.context = requireNonNull(context, "context");
        this.lake = new Lake(spark, options.lakeRoot());
    }

    /** Runs the refresh; throws {@link LakeLock.HeldException}, having written nothing, while another one runs. */
    public RefreshSummary run() {
        try (JobRun run = JobRun.start(spark, lake, JOB, context);
                LakeLock lock = LakeLock.acquire(
                        spark.sparkContext().hadoopConfiguration(),
                        lake.root(),
                        JOB,
                        LakeLock.Holder.current(run.id()),
                        options.lockExpiry(),
                        options.breakLock())) {
            LOG.info("refresh {}: holds the lake lock as {}", run.id(), lock.holder());
            return refresh(run);
        }
    }

    private RefreshSummary refresh(JobRun run) {
        Map<String, Long> watermarks = lastWatermarks(lake);
        Map<String, Map<String, Long>> byStage = new LinkedHashMap<>();
        Map<String, Long> next = new TreeMap<>();
        try {
            if (options.harvest() != null) {
                byStage.put(HARVEST, harvest());
            }
            for (RefreshStage stage : STAGES) {
                Map<LakeTable, Long> after = new LinkedHashMap<>();
                Map<LakeTable, Long> upTo = new LinkedHashMap<>();
                for (LakeTable t : stage.inputs()) {
                    after.put(t, watermarks.getOrDefault(watermark(stage, t), -1L));
                    upTo.put(t, lake.version(t));
                }
                LOG.info("refresh {}: {} over versions after {} up to {}", run.id(), stage.name(), after, upTo);
                byStage.put(stage.name(), stage.run(new Increment(lake, after, upTo), options, context));
                upTo.forEach((t, v) -> next.put(watermark(stage, t), v));
            }
        } catch (RuntimeException e) {
            // A failed refresh is recorded too (without watermarks), so that runs shows why the lake is behind.
            throw run.failed(e, parameters(), RefreshSummary.flatten(byStage));
        }
        return run.succeeded(new RefreshSummary(run.id(), byStage, next, run.seconds()), parameters());
    }

    /** Retrieves what is new on the PACS into the archive, which the ingest stage then reads. */
    private Map<String, Long> harvest() {
        try {
            HarvestSummary h = new HarvestJob(spark, options.harvest(), context).run();
            LOG.info(h.line());
            return h.counts();
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("refresh interrupted while harvesting", e);
        }
    }

    /** The watermarks of the last successful refresh, keyed {@code watermark.<stage>.<table>}; empty for none. */
    private static Map<String, Long> lastWatermarks(Lake lake) {
        List<Row> last = lake.read(LakeTable.RUNS)
                .map(runs -> runs.filter(col("job").equalTo(JOB))
                        .filter(col("status").equalTo("succeeded"))
                        .orderBy(col("finished_at").desc())
                        .limit(1)
                        .select("counts")
                        .collectAsList())
                .orElse(List.of());
        Map<String, Long> out = new TreeMap<>();
        if (!last.isEmpty()) {
            Row latest = last.get(0);
            latest.<String, Long>getJavaMap(latest.fieldIndex("counts")).forEach((k, v) -> {
                if (k.startsWith(WATERMARK)) {
                    out.put(k, v);
                }
            });
        }
        return out;
    }

    private static String watermark(RefreshStage stage, LakeTable table) {
        return WATERMARK + stage.name() + "." + table.tableName();
    }

    private Map<String, String> parameters() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("inputs", String.join(",", options.ingest().inputs()));
        p.put("lake", options.lakeRoot());
        p.put("stages", String.join(",", STAGES.stream().map(RefreshStage::name).toList()));
        return p;
    }
}
