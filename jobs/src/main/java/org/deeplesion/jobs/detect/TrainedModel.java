package org.deeplesion.jobs.detect;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import org.apache.spark.sql.SparkSession;
import org.deeplesion.jobs.lake.Lake;

/**
 * A finished model of a lake as its manifest describes it, for a run that reuses it instead of training again.
 *
 * @param summary what its training run reported
 * @param classes "pseudo", "single" or "truth"
 * @param labelRun the categorisation run its classes came from, or null
 */
public record TrainedModel(TrainSummary summary, String classes, String labelRun) {

    public TrainedModel {
        requireNonNull(summary, "summary");
        requireNonNull(classes, "classes");
    }

    /** @param model a training run id under the lake's {@code models/}, or a model directory URI */
    public static TrainedModel read(SparkSession spark, String lakeRoot, String model) throws IOException {
        Lake lake = new Lake(spark, lakeRoot);
        ModelDirectory dir =
                ModelDirectory.open(lake, model, spark.sparkContext().hadoopConfiguration());
        DetectorManifest m = dir.manifest();
        Double seconds = m.metrics().get("train_seconds");
        return new TrainedModel(
                new TrainSummary(
                        m.modelId(),
                        dir.path().toString(),
                        m.trainImages(),
                        m.trainLesions(),
                        m.classNames().size(),
                        m.metrics(),
                        seconds == null ? Double.NaN : seconds),
                m.classes(),
                m.labelRunId());
    }
}
