package org.deeplesion.jobs.harvest;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;
import java.sql.Timestamp;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * One series of a study as a harvest task found and retrieved it. It crosses from the task to the driver as it is:
 * a final class rather than a record, because Spark moves task results with Kryo, which cannot build records.
 */
final class HarvestedSeries implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String studyUid;
    private final String seriesUid;
    private final String modality;
    private final int instancesOnServer;
    private final int retrieved;
    private final long bytes;

    /**
     * @param instancesOnServer the series' instance count on the server when it was looked at
     * @param retrieved instances written to the archive by this run (instances already there are not counted)
     * @param bytes bytes of the instances received, those already in the archive included
     */
    HarvestedSeries(
            String studyUid, String seriesUid, String modality, int instancesOnServer, int retrieved, long bytes) {
        this.studyUid = requireNonNull(studyUid, "studyUid");
        this.seriesUid = requireNonNull(seriesUid, "seriesUid");
        this.modality = modality;
        this.instancesOnServer = instancesOnServer;
        this.retrieved = retrieved;
        this.bytes = bytes;
    }

    String studyUid() {
        return studyUid;
    }

    int retrieved() {
        return retrieved;
    }

    long bytes() {
        return bytes;
    }

    /** The {@code harvests} row. */
    Row row(String runId, Timestamp at) {
        return RowFactory.create(
                studyUid,
                seriesUid,
                modality,
                instancesOnServer,
                retrieved,
                bytes,
                requireNonNull(runId, "runId"),
                requireNonNull(at, "at"));
    }
}
