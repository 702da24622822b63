package org.deeplesion.jobs.detect;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.deeplesion.detect.DetectorSettings;
import org.deeplesion.jobs.lake.Lake;
import org.deeplesion.jobs.lake.LakeTable;
import org.deeplesion.jobs.run.JobContext;
import org.deeplesion.jobs.run.JobRun;

/**
 * Runs a trained detector over the key slices of a split on the executors and writes its boxes to
 * {@code detections}, replacing what the same model wrote for that split before (one atomic Delta commit), so that
 * detecting again never duplicates a box.
 */
public final class DetectJob {

    static final String STAGE = "detect";

    private final SparkSession spark;
    private final DetectOptions options;
    private final JobContext context;
    private final Lake lake;

    public DetectJob(SparkSession spark, DetectOptions options) {
        this(spark, options, JobContext.system());
    }

    public DetectJob(SparkSession spark, DetectOptions options, JobContext context) {
        this.spark = requireNonNull(spark, "spark");
        this.options = requireNonNull(options, "options");
        this.context = requireNonNull(context, "context");
        this.lake = new Lake(spark, options.lake());
    }

    public DetectSummary run() throws IOException {
        try (JobRun run = JobRun.start(spark, lake, STAGE, context)) {
            return detect(run);
        }
    }

    private DetectSummary detect(JobRun run) throws IOException {
        ModelDirectory model =
                ModelDirectory.open(lake, options.model(), spark.sparkContext().hadoopConfiguration());
        DetectorManifest manifest = model.manifest();
        DetectorSettings settings = options.settings(manifest.settings());
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Broadcast<byte[]> proposals = jsc.broadcast(model.bytes(ModelDirectory.PROPOSALS));
        Broadcast<byte[]> regions = jsc.broadcast(model.bytes(ModelDirectory.REGIONS));
        KeyImages.Coverage coverage =
                options.wholeSeries() ? KeyImages.Coverage.WHOLE_SERIES : KeyImages.Coverage.KEY_SLICES;
        run.step(DetectSummary.scope(options.wholeSeries(), options.split()));
        Dataset<Row> images = KeyImages.of(lake, List.of(options.split()), manifest.geometry(), coverage)
                .persist(StorageLevel.MEMORY_AND_DISK_SER());
        try {
            long imageCount = images.count();
            if (imageCount == 0) {
                throw new IllegalArgumentException(lake.root() + ": no key slice of split '" + options.split()
                        + "' has pixels in the lake; nothing to detect on");
            }
            Instant t0 = run.now();
            run.step("detect on " + imageCount + " " + DetectSummary.scope(options.wholeSeries(), options.split()));
            Dataset<Row> detections = spark.createDataFrame(
                            images.toJavaRDD()
                                    .mapPartitions(DetectPass.of(manifest, settings, proposals, regions, run.id())),
                            LakeTable.DETECTIONS.schema())
                    .persist(StorageLevel.MEMORY_AND_DISK());
            long count = detections.count();
            double detectSeconds = run.secondsSince(t0);
            run.step("write detections");
            write(detections, manifest.modelId());
            detections.unpersist();
            Map<String, String> parameters = new LinkedHashMap<>();
            parameters.put("lake", options.lake());
            parameters.put("model", manifest.modelId());
            parameters.put("split", options.split());
            parameters.put("whole_series", Boolean.toString(options.wholeSeries()));
            parameters.put("flip", Boolean.toString(settings.flip()));
            return run.succeeded(
                    new DetectSummary(
                            run.id(),
                            manifest.modelId(),
                            options.split(),
                            options.wholeSeries(),
                            imageCount,
                            count,
                            imageCount / detectSeconds,
                            run.seconds()),
                    parameters);
        } finally {
            images.unpersist();
            proposals.destroy();
            regions.destroy();
        }
    }

    private void write(Dataset<Row> detections, String modelId) {
        if (!lake.exists(LakeTable.DETECTIONS)) {
            lake.append(LakeTable.DETECTIONS, detections);
            return;
        }
        String where = "model_id = '" + modelId.replace("'", "''") + "' AND split = '"
                + options.split().replace("'", "''") + "'";
        detections
                .write()
                .format("delta")
                .mode("overwrite")
                .option("replaceWhere", where)
                .save(lake.path(LakeTable.DETECTIONS));
    }
}
