package org.deeplesion.jobs.detect;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.deeplesion.jobs.lake.Lake;
import org.deeplesion.jobs.lake.LakeTable;
import org.deeplesion.jobs.lake.RunLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a trained detector over the key slices of a split on the executors and writes its boxes to
 * {@code detections}, replacing what the same model wrote for that split before (one atomic Delta commit), so that
 * detecting again never duplicates a box.
 */
public final class DetectJob {

    private static final Logger LOG = LoggerFactory.getLogger(DetectJob.class);
    static final String STAGE = "detect";

    private final SparkSession spark;
    private final DetectOptions options;
    private final Lake lake;

    public DetectJob(SparkSession spark, DetectOptions options) {
        this.spark = requireNonNull(spark, "spark");
        this.options = requireNonNull(options, "options");
        this.lake = new Lake(spark, options.lake());
    }

    public DetectSummary run() throws IOException {
        Instant started = Instant.now();
        String runId = UUID.randomUUID().toString();
        ModelDirectory model = ModelDirectory.open(lake.root(), options.model(),
                spark.sparkContext().hadoopConfiguration());
        DetectorManifest manifest = model.manifest();
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Broadcast<byte[]> proposals = jsc.broadcast(model.bytes(ModelDirectory.PROPOSALS));
        Broadcast<byte[]> regions = jsc.broadcast(model.bytes(ModelDirectory.REGIONS));
        Dataset<Row> images = KeyImages.of(lake, List.of(options.split()), manifest.geometry())
                .persist(StorageLevel.MEMORY_AND_DISK_SER());
        long imageCount = images.count();
        if (imageCount == 0) {
            throw new IllegalArgumentException(lake.root() + ": no key slice of split '" + options.split()
                    + "' has pixels in the lake; nothing to detect on");
        }
        Instant t0 = Instant.now();
        Dataset<Row> detections = spark.createDataFrame(images.toJavaRDD().mapPartitions(new DetectPass(proposals,
                regions, manifest.geometry(), manifest.settings(), manifest.sizePrior(), manifest.classNames(),
                manifest.modelId(), runId)), LakeTable.DETECTIONS.schema()).persist(StorageLevel.MEMORY_AND_DISK());
        long count = detections.count();
        double detectSeconds = Duration.between(t0, Instant.now()).toMillis() / 1000.0;
        write(detections, manifest.modelId());
        double seconds = Duration.between(started, Instant.now()).toMillis() / 1000.0;
        DetectSummary summary = new DetectSummary(runId, manifest.modelId(), options.split(), imageCount, count,
                imageCount / detectSeconds, seconds);
        LOG.info(summary.line());
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("lake", options.lake());
        parameters.put("model", manifest.modelId());
        parameters.put("split", options.split());
        RunLog.record(lake, runId, STAGE, "succeeded", started, parameters,
                Map.of("images", imageCount, "detections", count), Map.of("images_per_s", summary.imagesPerSecond()));
        detections.unpersist();
        images.unpersist();
        proposals.destroy();
        regions.destroy();
        return summary;
    }

    private void write(Dataset<Row> detections, String modelId) {
        if (!lake.exists(LakeTable.DETECTIONS)) {
            lake.append(LakeTable.DETECTIONS, detections);
            return;
        }
        String where = "model_id = '" + modelId.replace("'", "''") + "' AND split = '"
                + options.split().replace("'", "''") + "'";
        detections.write().format("delta").mode("overwrite").option("replaceWhere", where)
                .save(lake.path(LakeTable.DETECTIONS));
    }
}
