package org.deeplesion.jobs.lake;

import static org.apache.spark.sql.types.DataTypes.BinaryType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;
import static org.apache.spark.sql.types.DataTypes.createArrayType;
import static org.apache.spark.sql.types.DataTypes.createMapType;

import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** The lake's tables: name, schema, key and partitioning (the README's "Lake tables" lists them for users). */
public enum LakeTable {

    /** One row per decoded CT slice (frame); pixels as little-endian int16 HU. Partitioned by study. */
    SLICES(
            List.of("sop_instance_uid", "frame_index"),
            List.of("study_uid"),
            field("patient_key", StringType, false),
            field("study_uid", StringType, false),
            field("series_uid", StringType, false),
            field("sop_instance_uid", StringType, false),
            field("frame_index", IntegerType, false),
            field("sop_class_uid", StringType, true),
            field("instance_number", IntegerType, true),
            field("slice_index", IntegerType, false),
            field("position_mm", DoubleType, false),
            field("image_position", createArrayType(DoubleType, false), true),
            field("image_orientation", createArrayType(DoubleType, false), true),
            field("rows", IntegerType, false),
            field("columns", IntegerType, false),
            field("row_spacing_mm", DoubleType, false),
            field("column_spacing_mm", DoubleType, false),
            field("slice_thickness_mm", DoubleType, true),
            field("slice_interval_mm", DoubleType, true),
            field("window_center", DoubleType, true),
            field("window_width", DoubleType, true),
            field("modality", StringType, true),
            field("body_part", StringType, true),
            field("manufacturer", StringType, true),
            field("transfer_syntax", StringType, true),
            field("hu", BinaryType, false),
            field("source", StringType, false),
            field("source_kind", StringType, false),
            field("source_size", LongType, false),
            field("source_modified", TimestampType, false),
            field("run_id", StringType, false)),

    /** Presentation states, structured reports and key object selections found in the archive. */
    OBJECTS(
            List.of("sop_instance_uid"),
            List.of(),
            field("sop_class_uid", StringType, false),
            field("sop_class_name", StringType, false),
            field("patient_key", StringType, false),
            field("study_uid", StringType, false),
            field("series_uid", StringType, false),
            field("sop_instance_uid", StringType, false),
            field("referenced_sop_instance_uids", createArrayType(StringType, false), false),
            field("source", StringType, false),
            field("source_size", LongType, false),
            field("source_modified", TimestampType, false),
            field("run_id", StringType, false)),

    /** One row per RECIST measurement: endpoints (0-based pixel centres), diameters, DeepLesion box, split. */
    LESIONS(
            List.of("lesion_id"),
            List.of(),
            field("lesion_id", StringType, false),
            field("patient_key", StringType, false),
            field("study_uid", StringType, false),
            field("series_uid", StringType, false),
            field("sop_instance_uid", StringType, false),
            field("frame_index", IntegerType, false),
            field("key_slice_index", IntegerType, false),
            field("long_x1", DoubleType, false),
            field("long_y1", DoubleType, false),
            field("long_x2", DoubleType, false),
            field("long_y2", DoubleType, false),
            field("short_x1", DoubleType, true),
            field("short_y1", DoubleType, true),
            field("short_x2", DoubleType, true),
            field("short_y2", DoubleType, true),
            field("long_diameter_px", DoubleType, false),
            field("short_diameter_px", DoubleType, true),
            field("long_diameter_mm", DoubleType, false),
            field("short_diameter_mm", DoubleType, true),
            field("box_x1", DoubleType, false),
            field("box_y1", DoubleType, false),
            field("box_x2", DoubleType, false),
            field("box_y2", DoubleType, false),
            field("source_kind", StringType, false),
            field("source", StringType, false),
            field("label", StringType, true),
            field("coarse_type", IntegerType, true),
            field("possibly_noisy", DataTypes.BooleanType, true),
            field("slice_range_first", IntegerType, true),
            field("slice_range_last", IntegerType, true),
            field("split", StringType, false),
            field("run_id", StringType, false)),

    /** One lesion's embedding in one refinement round of one categorisation run. */
    EMBEDDINGS(
            List.of("run_id", "lesion_id", "round"),
            List.of(),
            field("lesion_id", StringType, false),
            field("round", IntegerType, false),
            field("embedding", createArrayType(DataTypes.FloatType, false), false),
            field("run_id", StringType, false)),

    /** One lesion's pseudo label from one categorisation run: its cluster and distance to the cluster's centre. */
    PSEUDO_LABELS(
            List.of("lesion_id", "run_id"),
            List.of(),
            field("lesion_id", StringType, false),
            field("cluster", IntegerType, false),
            field("distance", DoubleType, false),
            field("round", IntegerType, false),
            field("run_id", StringType, false)),

    /**
     * One row per box a detector reported on a key slice: the box on the original slice (0-based pixel centres,
     * inclusive extents), its lesion score and class, and its rank on the image (0 best).
     */
    DETECTIONS(
            List.of("model_id", "sop_instance_uid", "frame_index", "rank"),
            List.of(),
            field("model_id", StringType, false),
            field("sop_instance_uid", StringType, false),
            field("frame_index", IntegerType, false),
            field("split", StringType, false),
            field("rank", IntegerType, false),
            field("x1", DoubleType, false),
            field("y1", DoubleType, false),
            field("x2", DoubleType, false),
            field("y2", DoubleType, false),
            field("score", DoubleType, false),
            field("class_index", IntegerType, false),
            field("class_name", StringType, false),
            field("run_id", StringType, false)),

    /**
     * One row per series a harvest looked into: its instance count on the DICOMweb server then, what that run wrote
     * to the archive. A later harvest retrieves a series again only when the server's count has changed.
     */
    HARVESTS(
            List.of("study_uid", "series_uid", "run_id"),
            List.of(),
            field("study_uid", StringType, false),
            field("series_uid", StringType, false),
            field("modality", StringType, true),
            field("instances_on_server", IntegerType, false),
            field("instances_retrieved", IntegerType, false),
            field("bytes", LongType, false),
            field("run_id", StringType, false),
            field("harvested_at", TimestampType, false)),

    /** Input that could not be used, with the reason. */
    REJECTS(
            List.of("source", "stage"),
            List.of(),
            field("source", StringType, false),
            field("stage", StringType, false),
            field("reason", StringType, false),
            field("source_size", LongType, true),
            field("source_modified", TimestampType, true),
            field("run_id", StringType, false),
            field("rejected_at", TimestampType, false)),

    /** One row per job run. */
    RUNS(
            List.of("run_id"),
            List.of(),
            field("run_id", StringType, false),
            field("job", StringType, false),
            field("status", StringType, false),
            field("started_at", TimestampType, false),
            field("finished_at", TimestampType, false),
            field("duration_s", DoubleType, false),
            field("parameters", createMapType(StringType, StringType, true), false),
            field("counts", createMapType(StringType, LongType, false), false),
            field("metrics", createMapType(StringType, DoubleType, false), false));

    private final List<String> keyColumns;
    private final List<String> partitionColumns;
    private final StructType schema;

    LakeTable(List<String> keyColumns, List<String> partitionColumns, StructField... fields) {
        this.keyColumns = keyColumns;
        this.partitionColumns = partitionColumns;
        this.schema = new StructType(fields);
    }

    public String tableName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public StructType schema() {
        return schema;
    }

    public List<String> keyColumns() {
        return keyColumns;
    }

    public List<String> partitionColumns() {
        return partitionColumns;
    }

    /** The command that creates this table, to tell someone who looks for it what to run first. */
    public String writtenBy() {
        return switch (this) {
            case SLICES, OBJECTS, REJECTS, RUNS -> "ingest";
            case LESIONS -> "mine";
            case EMBEDDINGS, PSEUDO_LABELS -> "categorize";
            case DETECTIONS -> "detect";
            case HARVESTS -> "harvest";
        };
    }

    private static StructField field(String name, DataType type, boolean nullable) {
        return new StructField(name, type, nullable, Metadata.empty());
    }
}
