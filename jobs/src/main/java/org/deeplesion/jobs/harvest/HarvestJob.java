package org.deeplesion.jobs.harvest;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SparkException;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;
import org.deeplesion.dicomweb.DicomJson;
import org.deeplesion.dicomweb.DicomWebClient;
import org.deeplesion.jobs.lake.Lake;
import org.deeplesion.jobs.lake.LakeTable;
import org.deeplesion.jobs.lake.RunLog;
import org.deeplesion.jobs.spark.HadoopConf;
import org.deeplesion.jobs.spark.SparkProgress;
import org.deeplesion.progress.ProgressOutput;
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
    private final ProgressOutput progress;

    public HarvestJob(SparkSession spark, HarvestOptions options) {
        this(spark, options, ProgressOutput.standard(LOG::info));
    }

    HarvestJob(SparkSession spark, HarvestOptions options, ProgressOutput progress) {
        this.spark = requireNonNull(spark, "spark");
        this.options = requireNonNull(options, "options");
        this.progress = requireNonNull(progress, "progress");
    }

    /**
     * Runs the harvest.
     *
     * @throws IOException naming the study, the request and the HTTP status, when the server refuses a request or
     *     stays unreachable after the retries; what was retrieved before stays in the archive and is not retrieved
     *     again
     */
    public HarvestSummary run() throws IOException, InterruptedException {
        Instant started = Instant.now();
        String runId = UUID.randomUUID().toString();
        Lake lake = new Lake(spark, options.lakeRoot());
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        List<String> studies = studies();
        Map<String, Integer> harvested = harvested(lake);
        LOG.info("harvest {}: {} studies on {}, {} series harvested before, at {} s", runId, studies.size(),
                options.pacs().baseUrl(), harvested.size(), since(started));
        List<HarvestedSeries> series = new ArrayList<>();
        if (!studies.isEmpty()) {
            LongAccumulator done = spark.sparkContext().longAccumulator("studies harvested");
            spark.sparkContext().setJobGroup(runId, "harvest: " + studies.size() + " studies", false);
            // No more tasks than can run at once: each takes its share of the connections.
            int tasks = Math.max(1, Math.min(Math.min(options.maxConnections(), studies.size()),
                    jsc.defaultParallelism()));
            try (SparkProgress shown = SparkProgress.start(spark.sparkContext(), done, "harvest", "studies",
                    studies.size(), progress)) {
                for (Row r : jsc.parallelize(studies, tasks).mapPartitions(new StudyHarvest(options,
                        new HadoopConf(jsc.hadoopConfiguration()), harvested, done, tasks)).collect()) {
                    series.add(HarvestedSeries.of(r));
                }
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                // Spark's Scala API throws SparkException without declaring it, so Java can catch it only this way.
                if (e instanceof SparkException failed) {
                    throw userFacing(failed);
                }
                throw new IllegalStateException("harvest failed: " + e.getMessage(), e);
            } finally {
                spark.sparkContext().clearJobGroup();
            }
        }
        LOG.info("harvest {}: {} series retrieved at {} s", runId, series.size(), since(started));
        Timestamp now = Timestamp.from(Instant.now());
        List<Row> rows = new ArrayList<>();
        Set<String> studiesLookedInto = new HashSet<>();
        long instances = 0;
        long bytes = 0;
        for (HarvestedSeries s : series) {
            rows.add(RowFactory.create(s.studyUid(), s.seriesUid(), s.modality(), s.instancesOnServer(), s.retrieved(),
                    s.bytes(), runId, now));
            studiesLookedInto.add(s.studyUid());
            instances += s.retrieved();
            bytes += s.bytes();
        }
        lake.insertNew(LakeTable.HARVESTS, rows);
        double seconds = Duration.between(started, Instant.now()).toMillis() / 1000.0;
        HarvestSummary summary = new HarvestSummary(runId, studies.size(), studies.size() - studiesLookedInto.size(),
                series.size(), instances, bytes, seconds);
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
        RunLog.record(lake, runId, STAGE, "succeeded", started, parameters,
                Map.of("studies", summary.studiesFound(), "studies_unchanged", summary.studiesUnchanged(),
                        "series", summary.series(), "instances", instances, "bytes", bytes),
                Map.of("mb_per_s", summary.megabytesPerSecond(), "instances_per_s", summary.instancesPerSecond(),
                        "seconds", seconds));
        return summary;
    }

    private static String since(Instant started) {
        return String.format(Locale.ROOT, "%.1f", Duration.between(started, Instant.now()).toMillis() / 1000.0);
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
    private static Map<String, Integer> harvested(Lake lake) {
        Map<String, Integer> out = new HashMap<>();
        lake.read(LakeTable.HARVESTS).ifPresent(table -> {
            for (Row r : table.groupBy("study_uid", "series_uid").max("instances_on_server").collectAsList()) {
                out.put(r.getString(0) + "/" + r.getString(1), r.getInt(2));
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
            if (t instanceof IOException io && io.getMessage() != null && io.getMessage().startsWith("study ")) {
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
