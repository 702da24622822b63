package org.deeplesion.jobs.detect;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.sort_array;
import static org.apache.spark.sql.functions.struct;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.deeplesion.ct.HuPixels;
import org.deeplesion.ct.Resampler;
import org.deeplesion.ct.SamplingGrid;
import org.deeplesion.ct.SliceStack;
import org.deeplesion.detect.DetectorGeometry;
import org.deeplesion.detect.DetectorImage;
import org.deeplesion.encoding.Floats;
import org.deeplesion.jobs.lake.Lake;
import org.deeplesion.jobs.lake.LakeTable;
import org.deeplesion.jobs.spark.PerItem;
import org.deeplesion.jobs.spark.RowValues;

/**
 * The key slices of a split's lesions as the detector sees them ({@link DetectorImage}), built on the executors; or,
 * for detection over whole series, every slice of the series that hold them.
 *
 * <p>Only the slices a key slice's channels blend are read with their pixels (at most two per channel), each is
 * resampled to the detector's grid on the executor that reads it, and only those small planes are shuffled to where
 * a key slice meets its neighbours.
 */
final class KeyImages {

    static final StructType SCHEMA = new StructType()
            .add("sop_instance_uid", DataTypes.StringType, false)
            .add("frame_index", DataTypes.IntegerType, false)
            .add("series_uid", DataTypes.StringType, false)
            .add("split", DataTypes.StringType, false)
            .add("rows", DataTypes.IntegerType, false)
            .add("columns", DataTypes.IntegerType, false)
            .add("row_spacing_mm", DataTypes.DoubleType, false)
            .add("column_spacing_mm", DataTypes.DoubleType, false)
            .add("position_mm", DataTypes.DoubleType, false)
            .add("pixels", DataTypes.BinaryType, false);

    private static final StructType NEEDED = new StructType()
            .add("key_sop", DataTypes.StringType, false)
            .add("key_frame", DataTypes.IntegerType, false)
            .add("need_series", DataTypes.StringType, false)
            .add("need_position", DataTypes.DoubleType, false)
            .add("key_rows", DataTypes.IntegerType, false)
            .add("key_columns", DataTypes.IntegerType, false)
            .add("key_row_spacing", DataTypes.DoubleType, false)
            .add("key_column_spacing", DataTypes.DoubleType, false);

    private static final StructType PLANES = new StructType()
            .add("key_sop", DataTypes.StringType, false)
            .add("key_frame", DataTypes.IntegerType, false)
            .add("position_mm", DataTypes.DoubleType, false)
            .add("plane", DataTypes.BinaryType, false);

    private static final StructType NEIGHBOUR = new StructType()
            .add("series_uid", DataTypes.StringType, false)
            .add("position_mm", DataTypes.DoubleType, false)
            .add("split", DataTypes.StringType, false);

    private KeyImages() {}

    /** Which slices become detector images. */
    enum Coverage {
        /** The key slices of the split's lesions. */
        KEY_SLICES,
        /** Every slice of each series that holds a key slice of the split, with the series' split. */
        WHOLE_SERIES,
        /**
         * The slices next to each key slice in its series (one before, one after), with the series' split: where
         * self-training looks for a second sighting of what it mines.
         */
        NEIGHBOURS
    }

    /**
     * Key slices of the lesions in the given splits that have pixels in the lake; lesions whose key slice is missing
     * are left out (mine and categorize record those).
     */
    static Dataset<Row> of(Lake lake, List<String> splits, DetectorGeometry geometry) {
        return of(lake, splits, geometry, Coverage.KEY_SLICES);
    }

    /** The slices {@code coverage} names, of the lesions in the given splits, as detector images. */
    static Dataset<Row> of(Lake lake, List<String> splits, DetectorGeometry geometry, Coverage coverage) {
        SparkSession spark = lake.spark();
        Dataset<Row> lesions = lake.read(LakeTable.LESIONS)
                .orElseThrow(() -> new IllegalArgumentException(
                        lake.path(LakeTable.LESIONS) + ": there is no lesions table; run mine first"));
        Dataset<Row> slices = lake.read(LakeTable.SLICES)
                .orElseThrow(() -> new IllegalArgumentException(
                        lake.path(LakeTable.SLICES) + ": there is no slices table; run ingest first"));
        Dataset<Row> keys = lesions.filter(col("split").isin(splits.toArray()))
                .select("sop_instance_uid", "frame_index", "split")
                .dropDuplicates("sop_instance_uid", "frame_index");
        Dataset<Row> meta = slices.select(
                "series_uid",
                "sop_instance_uid",
                "frame_index",
                "position_mm",
                "rows",
                "columns",
                "row_spacing_mm",
                "column_spacing_mm");
        Dataset<Row> keyMeta = keys.join(meta, RowValues.array(List.of("sop_instance_uid", "frame_index")));
        if (coverage == Coverage.WHOLE_SERIES) {
            Dataset<Row> series = keyMeta.select("series_uid", "split").distinct();
            keyMeta = meta.join(series, "series_uid");
        } else if (coverage == Coverage.NEIGHBOURS) {
            Dataset<Row> seriesPositions = meta.join(
                            keyMeta.select("series_uid").distinct(), "series_uid")
                    .groupBy("series_uid")
                    .agg(sort_array(collect_set(col("position_mm"))).as("positions"));
            Dataset<Row> wanted = spark.createDataFrame(
                            keyMeta.select("series_uid", "position_mm", "split")
                                    .join(seriesPositions, "series_uid")
                                    .toJavaRDD()
                                    .flatMap(r -> adjacent(r).iterator()),
                            NEIGHBOUR)
                    .distinct();
            keyMeta = meta.join(wanted, RowValues.array(List.of("series_uid", "position_mm")));
        }
        Dataset<Row> positions = meta.join(keyMeta.select("series_uid").distinct(), "series_uid")
                .groupBy("series_uid")
                .agg(sort_array(collect_set(col("position_mm"))).as("positions"));
        Dataset<Row> needed = spark.createDataFrame(
                keyMeta.join(positions, "series_uid")
                        .toJavaRDD()
                        .flatMap(r -> neededSlices(r, geometry).iterator()),
                NEEDED);
        Dataset<Row> near = slices.select("series_uid", "position_mm", "rows", "columns", "hu")
                .join(
                        broadcast(needed),
                        col("series_uid")
                                .equalTo(col("need_series"))
                                .and(col("position_mm").equalTo(col("need_position"))));
        Dataset<Row> planes = spark.createDataFrame(
                near.toJavaRDD().mapPartitions(rows -> PerItem.flatMap(rows, r -> List.of(resampled(r, geometry)))),
                PLANES);
        Dataset<Row> grouped = planes.groupBy("key_sop", "key_frame")
                .agg(collect_list(struct(col("position_mm"), col("plane"))).as("planes"));
        Dataset<Row> joined = keyMeta.join(
                grouped,
                keyMeta.col("sop_instance_uid")
                        .equalTo(col("key_sop"))
                        .and(keyMeta.col("frame_index").equalTo(col("key_frame"))));
        return spark.createDataFrame(
                joined.toJavaRDD().mapPartitions(rows -> PerItem.flatMap(rows, r -> List.of(stacked(r, geometry)))),
                SCHEMA);
    }

    /** The positions on either side of a key slice's in its series: none at an end of the series. */
    private static List<Row> adjacent(Row key) {
        List<Double> positions = key.getList(key.fieldIndex("positions"));
        double at = key.getAs("position_mm");
        int i = positions.indexOf(at);
        List<Row> out = new ArrayList<>(2);
        for (int j : new int[] {i - 1, i + 1}) {
            if (i >= 0 && j >= 0 && j < positions.size()) {
                out.add(RowFactory.create(key.getAs("series_uid"), positions.get(j), key.getAs("split")));
            }
        }
        return out;
    }

    /** The slices whose blend makes a key slice's three channels. */
    private static List<Row> neededSlices(Row key, DetectorGeometry geometry) {
        List<Double> list = key.getList(key.fieldIndex("positions"));
        double[] positions = list.stream().mapToDouble(Double::doubleValue).toArray();
        double[] wanted = SliceStack.blendedPositions(positions, key.getAs("position_mm"), geometry.intervalMm());
        List<Row> out = new ArrayList<>(wanted.length);
        for (double position : wanted) {
            out.add(RowFactory.create(
                    key.getAs("sop_instance_uid"),
                    key.getAs("frame_index"),
                    key.getAs("series_uid"),
                    position,
                    key.getAs("rows"),
                    key.getAs("columns"),
                    key.getAs("row_spacing_mm"),
                    key.getAs("column_spacing_mm")));
        }
        return out;
    }

    /** A neighbour slice on its key slice's detector grid, HU as floats. */
    private static Row resampled(Row r, DetectorGeometry geometry) {
        SamplingGrid grid = geometry.imageGrid(
                r.getAs("key_columns"), r.getAs("key_rows"), r.getAs("key_column_spacing"), r.getAs("key_row_spacing"));
        int rows = r.getAs("rows");
        int columns = r.getAs("columns");
        float[] plane = Resampler.sampleAveraged(HuPixels.fromBytes(r.getAs("hu"), rows, columns), rows, columns, grid);
        return RowFactory.create(
                r.getAs("key_sop"), r.getAs("key_frame"), r.getAs("position_mm"), Floats.toBytes(plane));
    }

    private static Row stacked(Row r, DetectorGeometry geometry) {
        List<Row> planes = new ArrayList<>(r.getList(r.fieldIndex("planes")));
        planes.sort(Comparator.comparingDouble(p -> p.<Double>getAs("position_mm")));
        double[] positions = new double[planes.size()];
        List<float[]> values = new ArrayList<>(planes.size());
        for (int i = 0; i < positions.length; i++) {
            Row plane = planes.get(i);
            positions[i] = plane.getAs("position_mm");
            values.add(Floats.fromBytes(plane.getAs("plane")));
        }
        float[] pixels = SliceStack.fromResampled(
                positions, values, r.getAs("position_mm"), geometry.intervalMm(), geometry.window());
        return RowFactory.create(
                r.getAs("sop_instance_uid"),
                r.getAs("frame_index"),
                r.getAs("series_uid"),
                r.getAs("split"),
                r.getAs("rows"),
                r.getAs("columns"),
                r.getAs("row_spacing_mm"),
                r.getAs("column_spacing_mm"),
                r.getAs("position_mm"),
                Floats.toBytes(pixels));
    }

    /** The detector image a row of {@link #SCHEMA} holds. */
    static DetectorImage image(Row r, DetectorGeometry geometry) {
        return new DetectorImage(Floats.fromBytes(r.getAs("pixels")), grid(r, geometry));
    }

    /** The detector's grid over the slice a row describes in its rows, columns and spacing columns. */
    static SamplingGrid grid(Row r, DetectorGeometry geometry) {
        return geometry.imageGrid(
                r.getAs("columns"), r.getAs("rows"), r.getAs("column_spacing_mm"), r.getAs("row_spacing_mm"));
    }
}
