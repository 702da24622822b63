package org.deeplesion.jobs.refresh;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** What one refresh did, per stage in the order they ran. */
public record RefreshSummary(String runId, Map<String, Map<String, Long>> countsByStage, double seconds) {

    public RefreshSummary {
        countsByStage = new LinkedHashMap<>(countsByStage);
        countsByStage.replaceAll((stage, counts) -> new TreeMap<>(counts));
    }

    /** The stage's counts, e.g. {@code counts("mine").get("new_lesions")}. */
    public Map<String, Long> counts(String stage) {
        return countsByStage.getOrDefault(stage, Map.of());
    }

    public String line() {
        StringBuilder sb = new StringBuilder("refresh:");
        countsByStage.forEach((stage, counts) -> sb.append(' ').append(stage).append(' ').append(counts).append(';'));
        return sb.append(String.format(Locale.ROOT, " in %.1f s", seconds)).toString();
    }
}
