package org.deeplesion.jobs.ingest;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.deeplesion.jobs.run.JobSummary;

/** What one ingest run did. */
public record IngestSummary(
        String runId,
        long filesListed,
        long alreadyIngested,
        long slices,
        long objects,
        long rejects,
        long skipped,
        double seconds)
        implements JobSummary {

    public double slicesPerSecond() {
        return seconds > 0 ? slices / seconds : 0;
    }

    @Override
    public String line() {
        return String.format(
                Locale.ROOT,
                "ingest: %d slices, %d objects, %d rejects, %d skipped, %d already in the lake "
                        + "(%d files) in %.1f s, %.1f slices/s",
                slices,
                objects,
                rejects,
                skipped,
                alreadyIngested,
                filesListed,
                seconds,
                slicesPerSecond());
    }

    @Override
    public Map<String, Long> counts() {
        Map<String, Long> out = new LinkedHashMap<>();
        out.put("files_listed", filesListed);
        out.put("already_ingested", alreadyIngested);
        out.put("slices", slices);
        out.put("objects", objects);
        out.put("rejects", rejects);
        out.put("skipped", skipped);
        return out;
    }

    @Override
    public Map<String, Double> metrics() {
        return Map.of("slices_per_s", slicesPerSecond(), "seconds", seconds);
    }
}
