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

    private TrainingTruth() {}

    /** One bookmarked lesion as training reads it: its key slice, where that lies in its series, and its box. */
    private record Bookmark(
            String lesionId,
            String sopInstanceUid,
            String seriesUid,
            double positionMm,
            double longDiameterMm,
            BoundingBox box) {

        static final String[] COLUMNS = {
            "lesion_id",
            "sop_instance_uid",
            "series_uid",
            "position_mm",
            "long_diameter_mm",
            "box_x1",
            "box_y1",
            "box_x2",
            "box_y2"
        };

        static Bookmark of(Row r) {
            return new Bookmark(
                    r.getAs("lesion_id"),
                    r.getAs("sop_instance_uid"),
                    r.getAs("series_uid"),
                    r.getAs("position_mm"),
                    r.getAs("long_diameter_mm"),
                    new BoundingBox(
                            r.<Double>getAs("box_x1"),
                            r.<Double>getAs("box_y1"),
                            r.<Double>getAs("box_x2"),
                            r.<Double>getAs("box_y2")));
        }
    }

    /**
     * @param labels lesion_id to 1-based class label; lesions missing from it get 0
     * @param sectionReach how close to its key slice, in long diameters, a bookmarked lesion is a lesion on another
     *     slice too ({@link SeriesBookmark#sectionOn}); 0 for never
     * @param withParts whether each key slice also gets the sections of every lesion bookmarked on another slice
     *     that reaches it ({@link ImageTruth#parts}, for {@code --part-target}); without them its parts are empty
     * @return image key (SOP instance UID) to its truth
     */
    static Map<String, ImageTruth> of(
            Lake lake, List<String> splits, Map<String, Integer> labels, double sectionReach, boolean withParts) {
        double partReach = withParts ? SeriesBookmark.MAX_REACH : 0;
        Dataset<Row> lesions =
                lake.read(LakeTable.LESIONS).orElseThrow().filter(col("split").isin(splits.toArray()));
        Dataset<Row> positions =
                lake.read(LakeTable.SLICES).orElseThrow().select("sop_instance_uid", "frame_index", "position_mm");
        Map<String, List<Bookmark>> bySeries = new HashMap<>();
        for (Row r : lesions.join(positions, RowValues.array(List.of("sop_instance_uid", "frame_index")))
                .selectExpr(Bookmark.COLUMNS)
                .collectAsList()) {
            Bookmark b = Bookmark.of(r);
            bySeries.computeIfAbsent(b.seriesUid(), s -> new ArrayList<>()).add(b);
        }
        Map<String, ImageTruth> out = new HashMap<>();
        for (List<Bookmark> series : bySeries.values()) {
            List<SeriesBookmark> bookmarks = new ArrayList<>(series.size());
            for (Bookmark b : series) {
                bookmarks.add(new SeriesBookmark(b.sopInstanceUid(), b.positionMm(), b.longDiameterMm(), b.box()));
            }
            Map<String, List<Bookmark>> byImage = new HashMap<>();
            for (Bookmark b : series) {
                byImage.computeIfAbsent(b.sopInstanceUid(), s -> new ArrayList<>())
                        .add(b);
            }
            byImage.forEach((image, own) -> {
                double at = own.get(0).positionMm();
                List<BoundingBox> boxes = new ArrayList<>();
                List<Integer> classes = new ArrayList<>();
                for (Bookmark b : own) {
                    boxes.add(b.box());
                    classes.add(labels.getOrDefault(b.lesionId(), 0));
                }
                out.put(
                        image,
                        new ImageTruth(
                                boxes,
                                classes,
                                SeriesBookmark.sectionsOn(image, at, bookmarks, sectionReach),
                                SeriesBookmark.ignoredOn(image, at, bookmarks),
                                SeriesBookmark.sectionsOn(image, at, bookmarks, partReach)));
            });
        }
        return out;
    }
}
