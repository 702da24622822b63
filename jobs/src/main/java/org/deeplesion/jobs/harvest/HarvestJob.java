package org.deeplesion.jobs.harvest;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;

import java.io.IOException;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SparkException;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;
import org.deeplesion.dicomweb.DicomJson;
import org.deeplesion.dicomweb.DicomWebClient;
import org.deeplesion.jobs.lake.Lake;
import org.deeplesion.jobs.lake.LakeTable;
import org.deeplesion.jobs.run.JobContext;
import org.deeplesion.jobs.run.JobRun;
import org.deeplesion.jobs.spark.HadoopConf;
import org.deeplesion.jobs.spark.Partitions;
import org.deeplesion.jobs.spark.SparkProgress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retrieves studies from a DICOMweb server (a PACS) into an archive folder that {@code ingest} reads, incrementally:
 * the driver finds the studies with QIDO-RS, executors retrieve them with WADO-RS, at most {@code maxConnections}
 * requests open in the whole cluster, and the {@code harvests} table records every series looked into with its
 * instance count on the server, so that the next run retrieves only studies that are new or have gained instances.
 */
public final class HarvestJob {

    private static final Logger LOG = LoggerFactory.getLogger(HarvestJob.class);
    static final String STAGE = "harvest";
    private static final String STUDY_UID = "0020000D";
    private static final int PAGE = 500;
    private static final Pattern TASK_FAILURE = Pattern.compile("java\\.io\\.IOException: (study [^\\n]*)");

    private final SparkSession spark;
    private final HarvestOptions options;
    private final JobContext context;
    private final Lake lake;

    public HarvestJob(SparkSession spark, HarvestOptions options) {
        this(spark, options, JobContext.system());
    }

    public HarvestJob(SparkSession spark, HarvestOptions options, JobContext context) {
        this.spark = requireNonNull(spark, "spark");
        this.options = requireNonNull(options, "options");
        this.context = requireNonNull(context, "context");
        this.lake = new Lake(spark, options.lakeRoot());
    }

    /**
     * Runs the harvest.
     *
     * @throws IOException naming the study, the request and the HTTP status, when the server refuses a request or
     *     stays unreachable after the retries; what was retrieved before stays in the archive and is not retrieved
     *     again
     */
    public HarvestSummary run() throws IOException, InterruptedException {
        try (JobRun run = JobRun.start(spark, lake, STAGE, context)) {
            return harvest(run);
        }
    }

    private HarvestSummary harvest(JobRun run) throws IOException, InterruptedException {
        List<String> studies = studies();
        Map<String, Integer> harvested = harvested();
        LOG.info(
                "harvest {}: {} studies on {}, {} series harvested before, at {} s",
                run.id(),
                studies.size(),
                options.pacs().baseUrl(),
                harvested.size(),
                run.elapsed());
        List<HarvestedSeries> series = studies.isEmpty() ? List.of() : retrieve(run, studies, harvested);
        LOG.info("harvest {}: {} series retrieved at {} s", run.id(), series.size(), run.elapsed());
        List<Row> rows = new ArrayList<>();
        Set<String> studiesLookedInto = new HashSet<>();
        long instances = 0;
        long bytes = 0;
        for (HarvestedSeries s : series) {
            rows.add(s.row(run.id(), run.timestamp()));
            studiesLookedInto.add(s.studyUid());
            instances += s.retrieved();
            bytes += s.bytes();
        }
        lake.insertNew(LakeTable.HARVESTS, rows);
        HarvestSummary summary = new HarvestSummary(
                run.id(),
                studies.size(),
                studies.size() - studiesLookedInto.size(),
                series.size(),
                instances,
                bytes,
                run.seconds());
        return run.succeeded(summary, parameters());
    }

    /** Retrieves the studies on the executors, sharing the connections between as many tasks as can run at once. */
    private List<HarvestedSeries> retrieve(JobRun run, List<String> studies, Map<String, Integer> harvested)
            throws IOException {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        LongAccumulator done = spark.sparkContext().longAccumulator("studies harvested");
        run.step(studies.size() + " studies");
        // No more tasks than can run at once, nor than connections: each task takes its share of them.
        int tasks = Math.min(options.maxConnections(), Partitions.forItems(jsc, studies.size(), 1, 1));
        try (SparkProgress shown = run.progress(done, "harvest", "studies", studies.size())) {
            return jsc.parallelize(studies, tasks)
                    .mapPartitions(new StudyHarvest(
                            options, new HadoopConf(jsc.hadoopConfiguration()), harvested, done, tasks))
                    .collect();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            // Spark's Scala API throws SparkException without declaring it, so Java can catch it only this way.
            if (e instanceof SparkException failed) {
                throw userFacing(failed);
            }
            throw new IllegalStateException("harvest failed: " + e.getMessage(), e);
        }
    }

    private Map<String, String> parameters() {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("dicomweb", options.pacs().baseUrl().toString());
        parameters.put("archive", options.archiveRoot());
        parameters.put("lake", options.lakeRoot());
        parameters.put("bookmarked_only", Boolean.toString(options.bookmarkedOnly()));
        parameters.put("context_mm", Double.toString(options.contextMm()));
        parameters.put("max_connections", Integer.toString(options.maxConnections()));
        if (options.studiesSince() != null) {
            parameters.put("studies_since", options.studiesSince().toString());
        }
        if (options.modality() != null) {
            parameters.put("modality", options.modality());
        }
        return parameters;
    }

    /** The studies the server lists for the date and modality asked for, every page of them. */
    private List<String> studies() throws IOException, InterruptedException {
        Map<String, String> query = new LinkedHashMap<>();
        if (options.studiesSince() != null) {
            query.put("StudyDate", options.studiesSince().format(DateTimeFormatter.BASIC_ISO_DATE) + "-");
        }
        if (options.modality() != null) {
            query.put("ModalitiesInStudy", options.modality());
        }
        List<String> out = new ArrayList<>();
        try (DicomWebClient pacs = new DicomWebClient(options.pacs())) {
            for (DicomJson study : pacs.searchStudies(query, PAGE)) {
                String uid = study.string(STUDY_UID);
                if (uid != null && !uid.isEmpty()) {
                    out.add(uid);
                }
            }
        }
        return out;
    }

    /** "study/series" to the largest instance count a harvest saw of it on the server. */
    private Map<String, Integer> harvested() {
        Map<String, Integer> out = new HashMap<>();
        lake.read(LakeTable.HARVESTS).ifPresent(table -> {
            for (Row r : table.groupBy("study_uid", "series_uid")
                    .agg(max(col("instances_on_server")).as("instances_on_server"))
                    .collectAsList()) {
                out.put(r.getAs("study_uid") + "/" + r.getAs("series_uid"), r.<Integer>getAs("instances_on_server"));
            }
        });
        return out;
    }

    /**
     * The server's or the archive's failure behind a failed Spark job, as one line naming the study and the request;
     * a failure of anything else is a bug and keeps its stack trace.
     */
    private static IOException userFacing(SparkException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IOException io
                    && io.getMessage() != null
                    && io.getMessage().startsWith("study ")) {
                return new IOException("harvest failed: " + io.getMessage(), e);
            }
        }
        // Where the task's exception did not travel back, its message is in the job's.
        Matcher m = TASK_FAILURE.matcher(String.valueOf(e.getMessage()));
        if (m.find()) {
            return new IOException("harvest failed: " + m.group(1), e);
        }
        throw new IllegalStateException("harvest failed: " + e.getMessage(), e);
    }
}
