package org.deeplesion.jobs.harvest;

import static java.util.Objects.requireNonNull;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * One series of a study as a harvest task found and retrieved it; crosses from the task to the driver as a {@link
 * Row} ({@link #toRow()}, {@link #of(Row)}), since Spark moves task results with Kryo, which cannot build records.
 *
 * @param instancesOnServer the series' instance count on the server when it was looked at
 * @param retrieved instances written to the archive by this run (instances already there are not counted)
 * @param bytes bytes of the instances received, those already in the archive included
 */
record HarvestedSeries(String studyUid, String seriesUid, String modality, int instancesOnServer, int retrieved,
        long bytes) {

    HarvestedSeries {
        requireNonNull(studyUid, "studyUid");
        requireNonNull(seriesUid, "seriesUid");
    }

    Row toRow() {
        return RowFactory.create(studyUid, seriesUid, modality, instancesOnServer, retrieved, bytes);
    }

    static HarvestedSeries of(Row r) {
        return new HarvestedSeries(r.getString(0), r.getString(1), r.getString(2), r.getInt(3), r.getInt(4),
                r.getLong(5));
    }
}
