package org.deeplesion.jobs.mine;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.deeplesion.jobs.run.JobSummary;

/** What one mining run did: lesions in the lake after it, by source and split, and what it rejected. */
public record MineSummary(
        String runId,
        long lesions,
        long newLesions,
        Map<String, Long> bySource,
        Map<String, Long> bySplit,
        long rejects,
        double seconds)
        implements JobSummary {

    @Override
    public String line() {
        return String.format(
                Locale.ROOT,
                "mine: %d lesions (%d new) by source %s, by split %s; %d rejects in %.1f s",
                lesions,
                newLesions,
                bySource,
                bySplit,
                rejects,
                seconds);
    }

    @Override
    public Map<String, Long> counts() {
        Map<String, Long> out = new TreeMap<>();
        out.put("lesions", lesions);
        out.put("new_lesions", newLesions);
        out.put("rejects", rejects);
        bySource.forEach((k, v) -> out.put("source_" + k, v));
        bySplit.forEach((k, v) -> out.put("split_" + k, v));
        return out;
    }

    @Override
    public Map<String, Double> metrics() {
        return Map.of("seconds", seconds);
    }
}
