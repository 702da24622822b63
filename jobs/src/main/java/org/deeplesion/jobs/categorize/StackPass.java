package org.deeplesion.jobs.categorize;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.deeplesion.embed.CropGeometry;
import org.deeplesion.embed.LesionCropper;
import org.deeplesion.embed.SliceCrop;
import org.deeplesion.encoding.Floats;
import org.deeplesion.jobs.spark.PerItem;

/** On the executors: a lesion's slice crops in, its network input (key slice and interpolated neighbours) out. */
final class StackPass implements FlatMapFunction<Iterator<Row>, Row> {

    private static final long serialVersionUID = 1L;

    static final StructType SCHEMA =
            new StructType().add("lesion_id", DataTypes.StringType, false).add("crop", DataTypes.BinaryType, false);

    private final CropGeometry geometry;

    StackPass(CropGeometry geometry) {
        this.geometry = geometry;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> lesions) {
        LesionCropper cropper = new LesionCropper(geometry);
        return PerItem.flatMap(lesions, row -> {
            List<Row> slices = row.getList(row.fieldIndex("slices"));
            List<SliceCrop> crops = new ArrayList<>(slices.size());
            for (Row slice : slices) {
                crops.add(SliceCrop.ofFlat(
                        slice.getAs("position_mm"), Floats.fromBytes(slice.getAs("crop")), geometry.scales()));
            }
            float[] stacked = cropper.stack(crops, row.getAs("key_position"));
            return List.of(RowFactory.create(row.getAs("lesion_id"), Floats.toBytes(stacked)));
        });
    }
}
