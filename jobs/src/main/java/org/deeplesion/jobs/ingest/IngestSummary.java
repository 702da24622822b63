package org.deeplesion.jobs.ingest;

import java.util.Locale;

/** What one ingest run did. */
public record IngestSummary(String runId, long filesListed, long alreadyIngested, long slices, long objects,
        long rejects, long skipped, double seconds) {

    public double slicesPerSecond() {
        return seconds > 0 ? slices / seconds : 0;
    }

    /** The one-line console summary. */
    public String line() {
        return String.format(Locale.ROOT,
                "ingest: %d slices, %d objects, %d rejects, %d skipped, %d already in the lake "
                        + "(%d files) in %.1f s, %.1f slices/s",
                slices, objects, rejects, skipped, alreadyIngested, filesListed, seconds, slicesPerSecond());
    }
}
