package org.deeplesion.jobs.categorize;

import static org.apache.spark.sql.functions.col;

import java.io.IOException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.deeplesion.jobs.lake.CohortTruthFile;
import org.deeplesion.recist.PixelPoint;
import org.deeplesion.release.CoarseLesionType;
import org.deeplesion.synth.CohortTruth;

/**
 * The true type of each lesion where the source knows it, for reports and for training on true types as an upper
 * bound (never for clustering): DeepLesion's
 * {@code Coarse_lesion_type} from DL_info.csv, or a synthetic cohort's lesion type from its truth.json, matched by
 * key slice and long axis.
 */
public final class TrueTypes {

    private TrueTypes() {}

    /** Lesion id to type name; empty when no source knows types. */
    public static Map<String, String> of(Dataset<Row> lesions, String truthUri) throws IOException {
        Map<String, String> types = new HashMap<>();
        // The release labels only validation and test lesions; -1 means unlabelled.
        for (Row row : lesions.filter(col("coarse_type").gt(0))
                .select("lesion_id", "coarse_type")
                .collectAsList()) {
            types.put(
                    row.getAs("lesion_id"),
                    CoarseLesionType.ofCode(row.<Integer>getAs("coarse_type"))
                            .name()
                            .toLowerCase(Locale.ROOT));
        }
        if (truthUri == null) {
            return types;
        }
        CohortTruth truth =
                CohortTruthFile.read(lesions.sparkSession().sparkContext().hadoopConfiguration(), truthUri);
        for (Row row : lesions.select("lesion_id", "sop_instance_uid", "long_x1", "long_y1", "long_x2", "long_y2")
                .collectAsList()) {
            String lesionId = row.getAs("lesion_id");
            truth.bookmarkAt(
                            row.getAs("sop_instance_uid"),
                            point(row, "long_x1", "long_y1"),
                            point(row, "long_x2", "long_y2"))
                    .ifPresent(
                            lesion -> types.put(lesionId, lesion.type().name().toLowerCase(Locale.ROOT)));
        }
        return types;
    }

    private static PixelPoint point(Row row, String x, String y) {
        return new PixelPoint(row.<Double>getAs(x), row.<Double>getAs(y));
    }
}
