package org.deeplesion.jobs.refresh;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.deeplesion.jobs.run.JobSummary;

/**
 * What one refresh did, per stage in the order they ran, and the watermarks it moved to.
 *
 * @param watermarks {@code watermark.<stage>.<table>} to the Delta version of the table the stage worked through
 */
public record RefreshSummary(
        String runId, Map<String, Map<String, Long>> countsByStage, Map<String, Long> watermarks, double seconds)
        implements JobSummary {

    public RefreshSummary {
        countsByStage = new LinkedHashMap<>(countsByStage);
        countsByStage.replaceAll((stage, counts) -> new TreeMap<>(counts));
        watermarks = new TreeMap<>(watermarks);
    }

    /** The stage's counts, e.g. {@code counts("mine").get("new_lesions")}. */
    public Map<String, Long> counts(String stage) {
        return countsByStage.getOrDefault(stage, Map.of());
    }

    @Override
    public String line() {
        StringBuilder sb = new StringBuilder("refresh:");
        countsByStage.forEach((stage, counts) ->
                sb.append(' ').append(stage).append(' ').append(counts).append(';'));
        return sb.append(String.format(Locale.ROOT, " in %.1f s", seconds)).toString();
    }

    /** Every stage's counts as {@code <stage>.<count>}, and the watermarks. */
    @Override
    public Map<String, Long> counts() {
        Map<String, Long> out = flatten(countsByStage);
        out.putAll(watermarks);
        return out;
    }

    @Override
    public Map<String, Double> metrics() {
        return Map.of("seconds", seconds);
    }

    /** Stage counts as {@code <stage>.<count>}. */
    static Map<String, Long> flatten(Map<String, Map<String, Long>> byStage) {
        Map<String, Long> out = new TreeMap<>();
        byStage.forEach((stage, counts) -> counts.forEach((k, v) -> out.put(stage + "." + k, v)));
        return out;
    }
}
