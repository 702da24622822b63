package org.deeplesion.jobs.detect;

import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.deeplesion.detect.SeriesBookmark;
import org.deeplesion.jobs.lake.Lake;
import org.deeplesion.jobs.lake.LakeTable;
import org.deeplesion.jobs.spark.RowValues;
import org.deeplesion.recist.BoundingBox;

/**
 * The boxes, labels and ignore boxes of every key slice of a split, gathered on the driver: a few numbers per
 * lesion, small even for an archive the size of DeepLesion (32,735 lesions).
 */
final class TrainingTruth {

    private TrainingTruth() {
    }

    /**
     * @param labels lesion_id to 1-based class label; lesions missing from it get 0
     * @return image key (SOP instance UID) to its truth
     */
    static Map<String, ImageTruth> of(Lake lake, List<String> splits, Map<String, Integer> labels) {
        Dataset<Row> lesions = lake.read(LakeTable.LESIONS).orElseThrow().filter(col("split").isin(splits.toArray()));
        Dataset<Row> positions = lake.read(LakeTable.SLICES).orElseThrow()
                .select("sop_instance_uid", "frame_index", "position_mm");
        List<Row> rows = lesions.join(positions, RowValues.array(List.of("sop_instance_uid", "frame_index")))
                .select("lesion_id", "sop_instance_uid", "series_uid", "position_mm", "long_diameter_mm", "box_x1",
                        "box_y1", "box_x2", "box_y2")
                .collectAsList();
        Map<String, List<Row>> bySeries = new HashMap<>();
        for (Row r : rows) {
            bySeries.computeIfAbsent(r.getString(2), s -> new ArrayList<>()).add(r);
        }
        Map<String, ImageTruth> out = new HashMap<>();
        for (List<Row> series : bySeries.values()) {
            List<SeriesBookmark> bookmarks = new ArrayList<>(series.size());
            for (Row r : series) {
                bookmarks.add(new SeriesBookmark(r.getString(1), r.getDouble(3), r.getDouble(4), box(r)));
            }
            Map<String, List<Row>> byImage = new HashMap<>();
            for (Row r : series) {
                byImage.computeIfAbsent(r.getString(1), s -> new ArrayList<>()).add(r);
            }
            byImage.forEach((image, own) -> {
                double at = own.get(0).getDouble(3);
                List<BoundingBox> boxes = new ArrayList<>();
                List<Integer> classes = new ArrayList<>();
                for (Row r : own) {
                    boxes.add(box(r));
                    classes.add(labels.getOrDefault(r.getString(0), 0));
                }
                out.put(image, new ImageTruth(boxes, classes, SeriesBookmark.ignoredOn(image, at, bookmarks)));
            });
        }
        return out;
    }

    private static BoundingBox box(Row r) {
        return new BoundingBox(r.getDouble(5), r.getDouble(6), r.getDouble(7), r.getDouble(8));
    }
}
