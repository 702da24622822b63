package org.deeplesion.jobs.detect;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.deeplesion.detect.LesionClasses;
import org.deeplesion.evaluation.ClassSensitivity;
import org.deeplesion.evaluation.FrocResult;
import org.deeplesion.evaluation.Sensitivity;
import org.deeplesion.jobs.run.JobSummary;
import org.deeplesion.synth.CompleteTruth;

/**
 * What one evaluation run found and where its report is.
 *
 * @param images the key slices evaluated
 * @param imagesWithoutPixels those of them missing from {@code slices}, which the baseline and the gallery leave out
 * @param lesions the bookmarked lesions on them
 * @param completeTruthBoxes the lesions on them in the complete truth, or -1 without one
 * @param models in the order asked for
 * @param baseline random boxes of lesion sizes on the same slices
 */
public record EvaluateSummary(
        String runId,
        String split,
        int images,
        int imagesWithoutPixels,
        int lesions,
        int completeTruthBoxes,
        List<Evaluation> models,
        Evaluation baseline,
        String report,
        double seconds)
        implements JobSummary {

    /** The name shown for the random-box baseline. */
    public static final String BASELINE = "random boxes";

    /** The false-positive rate of the per-type breakdown under the table: DeepLesion's headline figure. */
    public static final double BY_TYPE_RATE = 4;

    /**
     * One detector's (or the baseline's) FROC evaluation.
     *
     * @param name the model's id, or {@link #BASELINE}
     * @param label what tables and figures call it: its classes and short id where its manifest says them
     * @param completeTruth empty when no complete truth was given
     */
    public record Evaluation(
            String name, String label, FrocResult bookmarked, Optional<AgainstCompleteTruth> completeTruth) {

        public Evaluation {
            requireNonNull(name, "name");
            requireNonNull(label, "label");
            requireNonNull(bookmarked, "bookmarked");
            requireNonNull(completeTruth, "completeTruth");
        }

        /** Against the bookmarks alone. */
        public Evaluation(String name, String label, FrocResult bookmarked) {
            this(name, label, bookmarked, Optional.empty());
        }

        /** Against the bookmarks and a cohort's complete truth. */
        public Evaluation(String name, String label, FrocResult bookmarked, AgainstCompleteTruth completeTruth) {
            this(name, label, bookmarked, Optional.of(completeTruth));
        }
    }

    /**
     * One detector's (or the baseline's) evaluation against a synthetic cohort's complete truth.
     *
     * @param lesions every lesion on the key slices, its classes the lesion types
     * @param bySection the same, its classes the {@link CompleteTruth.Section sections}
     * @param othersIgnored against the bookmarks, with detections of the complete truth's other lesions neither hits
     *     nor false positives ({@link CompleteTruth#unbookmarked})
     */
    public record AgainstCompleteTruth(FrocResult lesions, FrocResult bySection, FrocResult othersIgnored) {

        public AgainstCompleteTruth {
            requireNonNull(lesions, "lesions");
            requireNonNull(bySection, "bySection");
            requireNonNull(othersIgnored, "othersIgnored");
        }
    }

    public EvaluateSummary {
        models = List.copyOf(models);
        requireNonNull(baseline, "baseline");
    }

    public Evaluation model(String modelId) {
        return models.stream()
                .filter(m -> m.name().equals(modelId))
                .findFirst()
                .orElseThrow(
                        () -> new IllegalArgumentException("model " + modelId + " was not evaluated in run " + runId));
    }

    /** What was evaluated, in how long, and the report's place. */
    @Override
    public String line() {
        return String.format(
                Locale.ROOT,
                "evaluate: %d %s key slices, %d bookmarked lesions%s in %.1f s; report %s",
                images,
                split,
                lesions,
                completeTruthBoxes < 0 ? "" : " (" + completeTruthBoxes + " in the complete truth)",
                seconds,
                report);
    }

    @Override
    public Map<String, Long> counts() {
        Map<String, Long> c = new LinkedHashMap<>();
        c.put("images", (long) images);
        c.put("images_without_pixels", (long) imagesWithoutPixels);
        c.put("lesions", (long) lesions);
        if (completeTruthBoxes >= 0) {
            c.put("complete_truth_lesions", (long) completeTruthBoxes);
        }
        for (Evaluation m : models) {
            c.put(m.name() + ".detections", (long) m.bookmarked().detections());
        }
        return c;
    }

    /**
     * {@code <model>.sensitivity@4}, {@code <model>.mean_sensitivity}, the same under {@code <model>.others_ignored.}
     * and {@code <model>.complete.}, with {@code <model>.complete.key_slice.sensitivity@4} and {@code .other_slice.},
     * and the baseline's under {@code baseline.}.
     */
    @Override
    public Map<String, Double> metrics() {
        Map<String, Double> m = new LinkedHashMap<>();
        for (Evaluation e : models) {
            put(m, e.name(), e);
        }
        put(m, "baseline", baseline);
        return m;
    }

    private static void put(Map<String, Double> metrics, String prefix, Evaluation e) {
        put(metrics, prefix, e.bookmarked());
        if (e.completeTruth().isPresent()) {
            AgainstCompleteTruth complete = e.completeTruth().get();
            put(metrics, prefix + ".others_ignored", complete.othersIgnored());
            put(metrics, prefix + ".complete", complete.lesions());
            for (ClassSensitivity c : complete.bySection().perClass()) {
                metrics.put(
                        prefix + ".complete." + section(c).name().toLowerCase(Locale.ROOT) + ".sensitivity@"
                                + rate(BY_TYPE_RATE),
                        at(c.sensitivities(), BY_TYPE_RATE));
            }
        }
    }

    /** The section a class of {@link AgainstCompleteTruth#bySection} stands for. */
    static CompleteTruth.Section section(ClassSensitivity c) {
        return CompleteTruth.Section.values()[c.classIndex()];
    }

    private static void put(Map<String, Double> metrics, String prefix, FrocResult result) {
        for (Sensitivity s : result.sensitivities()) {
            metrics.put(prefix + ".sensitivity@" + rate(s.falsePositivesPerImage()), s.sensitivity());
        }
        metrics.put(prefix + ".mean_sensitivity", result.meanSensitivity());
    }

    /**
     * {@link #line()}, then a table of sensitivities, one row per model and truth, then the baseline's. Under a
     * model's row of a truth whose lesions have two or more types (a synthetic cohort's complete truth, or bookmarks
     * with DeepLesion's coarse types), its sensitivity per type at 4 FP per image ({@link #BY_TYPE_RATE}): a
     * detector that misses one kind of lesion shows it there. Under a model's complete-truth row, the same per
     * {@link CompleteTruth.Section}: lesions on their key slice, and the parts of lesions that reach into a slice
     * from one measured elsewhere, which a detector trained on measured slices finds less often. With a complete
     * truth, each model also has a row against the bookmarks where its detections of the other lesions do not count
     * as false positives: how much of its bookmarked figure those lesions cost.
     */
    public String lines() {
        List<String[]> rows = new ArrayList<>();
        Map<Integer, String> under = new LinkedHashMap<>();
        List<Evaluation> all = new ArrayList<>(models);
        all.add(baseline);
        for (Evaluation e : all) {
            rows.add(row(e.label(), e.bookmarked()));
            if (e != baseline) {
                byType(e.bookmarked()).ifPresent(t -> under.put(rows.size() - 1, t));
            }
            if (e.completeTruth().isPresent()) {
                AgainstCompleteTruth complete = e.completeTruth().get();
                rows.add(row(e.label() + " (other lesions ignored)", complete.othersIgnored()));
                rows.add(row(e.label() + " (complete truth)", complete.lesions()));
                if (e != baseline) {
                    String sections = bySection(complete.bySection());
                    under.put(
                            rows.size() - 1,
                            byType(complete.lesions())
                                    .map(t -> t + System.lineSeparator() + sections)
                                    .orElse(sections));
                }
            }
        }
        int width = "FP per image".length();
        for (String[] r : rows) {
            width = Math.max(width, r[0].length());
        }
        StringBuilder out = new StringBuilder(line()).append(System.lineSeparator());
        StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "  %-" + width + "s", "FP per image"));
        for (Sensitivity s : baseline.bookmarked().sensitivities()) {
            header.append(String.format(Locale.ROOT, " %6s", rate(s.falsePositivesPerImage())));
        }
        out.append(header).append("   mean").append(System.lineSeparator());
        for (int k = 0; k < rows.size(); k++) {
            String[] r = rows.get(k);
            out.append(String.format(Locale.ROOT, "  %-" + width + "s", r[0]));
            for (int i = 1; i < r.length; i++) {
                out.append(' ').append(r[i]);
            }
            out.append(System.lineSeparator());
            if (under.containsKey(k)) {
                out.append(under.get(k)).append(System.lineSeparator());
            }
        }
        return out.toString().stripTrailing();
    }

    /** "    by type at 4 FP: abdomen 0.912 (57), ..."; empty below two types. */
    private static Optional<String> byType(FrocResult result) {
        if (result.perClass().size() < 2) {
            return Optional.empty();
        }
        return Optional.of(breakdown("type", result, c -> LesionClasses.name(c.classIndex())));
    }

    /** "    by section at 4 FP: on their key slice 0.922 (281), reaching in from another slice 0.663 (160)". */
    private static String bySection(FrocResult result) {
        return breakdown("section", result, c -> section(c).label());
    }

    /** Each class's sensitivity at {@link #BY_TYPE_RATE} and its box count, on one line. */
    private static String breakdown(String by, FrocResult result, Function<ClassSensitivity, String> name) {
        StringBuilder line = new StringBuilder("    by " + by + " at " + rate(BY_TYPE_RATE) + " FP:");
        String separator = " ";
        for (ClassSensitivity c : result.perClass()) {
            line.append(separator)
                    .append(String.format(
                            Locale.ROOT,
                            "%s %.3f (%d)",
                            name.apply(c),
                            at(c.sensitivities(), BY_TYPE_RATE),
                            c.groundTruthBoxes()));
            separator = ", ";
        }
        return line.toString();
    }

    private static double at(List<Sensitivity> sensitivities, double rate) {
        return sensitivities.stream()
                .filter(s -> s.falsePositivesPerImage() == rate)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no sensitivity at " + rate + " FP per image"))
                .sensitivity();
    }

    private static String[] row(String name, FrocResult result) {
        String[] row = new String[result.sensitivities().size() + 2];
        row[0] = name;
        for (int i = 0; i < result.sensitivities().size(); i++) {
            row[i + 1] = String.format(
                    Locale.ROOT, "%6.3f", result.sensitivities().get(i).sensitivity());
        }
        row[row.length - 1] = String.format(Locale.ROOT, "%6.3f", result.meanSensitivity());
        return row;
    }

    /** A false-positive rate as the report names it: 0.5, 1, 16. */
    public static String rate(double falsePositivesPerImage) {
        return BigDecimal.valueOf(falsePositivesPerImage).stripTrailingZeros().toPlainString();
    }
}
