package org.deeplesion.jobs.harvest;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.deeplesion.jobs.run.JobSummary;

/** What a harvest did, as its one summary line says it. */
public record HarvestSummary(
        String runId, long studiesFound, long studiesUnchanged, long series, long instances, long bytes, double seconds)
        implements JobSummary {

    public double megabytesPerSecond() {
        return seconds > 0 ? bytes / 1e6 / seconds : 0;
    }

    public double instancesPerSecond() {
        return seconds > 0 ? instances / seconds : 0;
    }

    @Override
    public String line() {
        return String.format(
                Locale.ROOT,
                "harvest: %d instances (%.1f MB) from %d series of %d studies, %d studies "
                        + "unchanged since the last harvest, in %.1f s, %.1f MB/s, %.1f instances/s",
                instances,
                bytes / 1e6,
                series,
                studiesFound - studiesUnchanged,
                studiesUnchanged,
                seconds,
                megabytesPerSecond(),
                instancesPerSecond());
    }

    @Override
    public Map<String, Long> counts() {
        Map<String, Long> out = new LinkedHashMap<>();
        out.put("studies", studiesFound);
        out.put("studies_unchanged", studiesUnchanged);
        out.put("series", series);
        out.put("instances", instances);
        out.put("bytes", bytes);
        return out;
    }

    @Override
    public Map<String, Double> metrics() {
        return Map.of("mb_per_s", megabytesPerSecond(), "instances_per_s", instancesPerSecond(), "seconds", seconds);
    }
}
