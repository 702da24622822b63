package org.deeplesion.jobs.experiment;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.deeplesion.jobs.detect.EvaluateSummary.Evaluation;
import org.deeplesion.jobs.run.JobSummary;

/**
 * What an ablation found and where its report is.
 *
 * @param images the split's key slices
 * @param lesions the bookmarked lesions on them
 * @param completeTruthBoxes the lesions on them in the complete truth
 * @param baseline random boxes on the same slices
 * @param evaluateRun the evaluation run that scored every model
 */
public record ExperimentSummary(
        String runId,
        String split,
        int images,
        int lesions,
        int completeTruthBoxes,
        List<ArmResult> arms,
        Evaluation baseline,
        String evaluateRun,
        String report,
        double seconds)
        implements JobSummary {

    /** The operating point the README and the table lead with. */
    static final String HEADLINE_RATE = "4";

    public ExperimentSummary {
        arms = List.copyOf(arms);
        requireNonNull(baseline, "baseline");
    }

    @Override
    public String line() {
        return String.format(
                Locale.ROOT,
                "experiment: %d arms x %d seeds on %d %s key slices (%d bookmarked lesions, %d in the complete "
                        + "truth) in %.1f s; report %s",
                arms.size(),
                arms.get(0).seeds().size(),
                images,
                split,
                lesions,
                completeTruthBoxes,
                seconds,
                report);
    }

    /** {@link #line()}, then one row per arm: sensitivity at 4 FP per image and the mean over 0.5-4, both truths. */
    public String lines() {
        StringBuilder out = new StringBuilder(line()).append(System.lineSeparator());
        String first = "arm (mean ± sd over seeds)";
        int width = Math.max(
                first.length(),
                arms.stream()
                        .mapToInt(a -> a.arm().description().length())
                        .max()
                        .orElse(0));
        out.append(String.format(
                        Locale.ROOT,
                        "  %-" + width + "s  %-15s  %-15s  %-15s  %-15s",
                        first,
                        "@4 bookmarked",
                        "mean bookmarked",
                        "@4 complete",
                        "mean complete"))
                .append(System.lineSeparator());
        for (ArmResult a : arms) {
            out.append(String.format(
                            Locale.ROOT,
                            "  %-" + width + "s  %-15s  %-15s  %-15s  %-15s",
                            a.arm().description(),
                            a.bookmarked().get(HEADLINE_RATE),
                            a.bookmarkedMean(),
                            a.complete().get(HEADLINE_RATE),
                            a.completeMean()))
                    .append(System.lineSeparator());
        }
        return out.toString().stripTrailing();
    }

    @Override
    public Map<String, Long> counts() {
        Map<String, Long> c = new LinkedHashMap<>();
        c.put("images", (long) images);
        c.put("lesions", (long) lesions);
        c.put("complete_truth_lesions", (long) completeTruthBoxes);
        c.put("models", arms.stream().mapToLong(a -> a.models().size()).sum());
        return c;
    }

    /** {@code <arm>.sensitivity@4} and {@code <arm>.complete.sensitivity@4}, their sd, and the means. */
    @Override
    public Map<String, Double> metrics() {
        Map<String, Double> m = new LinkedHashMap<>();
        for (ArmResult a : arms) {
            String arm = a.arm().id();
            put(m, arm + ".sensitivity@" + HEADLINE_RATE, a.bookmarked().get(HEADLINE_RATE));
            put(m, arm + ".mean_sensitivity", a.bookmarkedMean());
            put(m, arm + ".complete.sensitivity@" + HEADLINE_RATE, a.complete().get(HEADLINE_RATE));
            put(m, arm + ".complete.mean_sensitivity", a.completeMean());
        }
        return m;
    }

    private static void put(Map<String, Double> metrics, String name, Spread spread) {
        metrics.put(name, spread.mean());
        metrics.put(name + ".sd", spread.sd());
    }
}
