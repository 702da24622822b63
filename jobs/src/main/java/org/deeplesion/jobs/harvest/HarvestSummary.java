package org.deeplesion.jobs.harvest;

import java.util.Locale;

/** What a harvest did, as its one summary line says it. */
public record HarvestSummary(String runId, long studiesFound, long studiesUnchanged, long series, long instances,
        long bytes, double seconds) {

    public double megabytesPerSecond() {
        return seconds > 0 ? bytes / 1e6 / seconds : 0;
    }

    public double instancesPerSecond() {
        return seconds > 0 ? instances / seconds : 0;
    }

    public String line() {
        return String.format(Locale.ROOT, "harvest: %d instances (%.1f MB) from %d series of %d studies, %d studies "
                + "unchanged since the last harvest, in %.1f s, %.1f MB/s, %.1f instances/s", instances, bytes / 1e6,
                series, studiesFound - studiesUnchanged, studiesUnchanged, seconds, megabytesPerSecond(),
                instancesPerSecond());
    }
}
