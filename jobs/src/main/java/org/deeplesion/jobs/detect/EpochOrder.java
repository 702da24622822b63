package org.deeplesion.jobs.detect;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.xxhash64;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The partitions and order in which an epoch's export visits the key images, drawn from the epoch's seed and each
 * image's key alone. Without it, training would follow whatever order the joins that build the key images left,
 * which depends on the slices table's file layout: the same lake written by another ingest trained to a different
 * model. With it, each epoch visits the images in a new order, and a given seed trains the same model from any
 * layout of the same rows.
 */
final class EpochOrder {

    private EpochOrder() {}

    /**
     * The rows, hash-partitioned into {@code partitions} by a seeded hash of {@code sop_instance_uid} and
     * {@code frame_index}, sorted by that hash within each partition.
     */
    static Dataset<Row> of(Dataset<Row> images, int partitions, long seed) {
        requireNonNull(images, "images");
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be >= 1, was " + partitions);
        }
        Column draw = xxhash64(col("sop_instance_uid"), col("frame_index"), lit(seed));
        return images.repartition(partitions, draw).sortWithinPartitions(draw);
    }
}
