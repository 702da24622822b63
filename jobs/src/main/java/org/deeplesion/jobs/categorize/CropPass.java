package org.deeplesion.jobs.categorize;

import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.deeplesion.ct.HuPixels;
import org.deeplesion.embed.CropGeometry;
import org.deeplesion.embed.LesionCropper;
import org.deeplesion.embed.SliceCrop;
import org.deeplesion.encoding.Floats;
import org.deeplesion.jobs.spark.PerItem;

/**
 * On the executors: one slice near a lesion in, that slice's crop around the lesion out (all context scales, before
 * windowing), so that only small crops, never whole slices, travel to the shuffle that gathers a lesion's slices.
 * A slice whose pixels or geometry cannot be cropped (lib-common refuses it with an IllegalArgumentException) gives
 * no crop and its problem; any other exception is a bug and fails the task.
 */
final class CropPass implements FlatMapFunction<Iterator<Row>, Row> {

    private static final long serialVersionUID = 1L;

    static final StructType SCHEMA = new StructType()
            .add("lesion_id", DataTypes.StringType, false)
            .add("key_position", DataTypes.DoubleType, false)
            .add("position_mm", DataTypes.DoubleType, false)
            .add("crop", DataTypes.BinaryType, true)
            .add("problem", DataTypes.StringType, true);

    private final CropGeometry geometry;

    CropPass(CropGeometry geometry) {
        this.geometry = geometry;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> slices) {
        LesionCropper cropper = new LesionCropper(geometry);
        return PerItem.flatMap(slices, row -> {
            String lesion = row.getAs("lesion_id");
            double key = row.getAs("key_position");
            double position = row.getAs("position_mm");
            try {
                int rows = row.getAs("rows");
                int columns = row.getAs("columns");
                short[] hu = HuPixels.fromBytes(row.getAs("hu"), rows, columns);
                SliceCrop crop = cropper.cropSlice(
                        hu,
                        rows,
                        columns,
                        row.getAs("row_spacing_mm"),
                        row.getAs("column_spacing_mm"),
                        position,
                        row.getAs("centre_x"),
                        row.getAs("centre_y"));
                return List.of(RowFactory.create(lesion, key, position, Floats.toBytes(crop.flat()), null));
            } catch (IllegalArgumentException e) {
                return List.of(RowFactory.create(
                        lesion,
                        key,
                        position,
                        null,
                        "slice " + row.getAs("sop_instance_uid") + " of lesion " + lesion + ": " + e.getMessage()));
            }
        });
    }
}
