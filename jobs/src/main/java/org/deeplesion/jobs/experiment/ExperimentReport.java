package org.deeplesion.jobs.experiment;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.deeplesion.evaluation.Froc;
import org.deeplesion.evaluation.FrocResult;
import org.deeplesion.evaluation.Sensitivity;
import org.deeplesion.jobs.detect.EvaluateSummary;
import org.deeplesion.jobs.lake.ReportFolder;
import org.deeplesion.report.Charts;

/**
 * {@code reports/experiment/<run>/} under the lake root: {@code report.md} (tables of mean ± standard deviation over
 * the seeds), {@code ablation.json} (the same figures and every model's id), {@code froc.png} and
 * {@code froc-complete.png} (each arm's mean FROC against the bookmarks and against the complete truth, with the
 * random-box baseline).
 */
final class ExperimentReport {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final ReportFolder folder;

    ExperimentReport(String dir, Configuration conf) {
        this.folder = new ReportFolder(dir, conf);
    }

    String dir() {
        return folder.dir();
    }

    void write(ExperimentSummary summary, ExperimentOptions options) throws IOException {
        folder.write("report.md", markdown(summary, options).getBytes(StandardCharsets.UTF_8));
        folder.write("ablation.json", JSON.writeValueAsBytes(json(summary, options)));
        folder.write("froc.png", Charts.png(froc(summary, true)));
        folder.write("froc-complete.png", Charts.png(froc(summary, false)));
    }

    private static String markdown(ExperimentSummary summary, ExperimentOptions options) {
        StringBuilder md = new StringBuilder();
        md.append("# Pseudo-label ablation\n\n");
        md.append(String.format(
                Locale.ROOT,
                "%d %s key slices, %d bookmarked lesions (%d in the complete truth). Seeds %s; %d proposal and %d "
                        + "region epochs, %.1f mm per pixel, %d px patches. Figures are mean ± sample standard "
                        + "deviation over the seeds; evaluation run %s.%n%n",
                summary.images(),
                summary.split(),
                summary.lesions(),
                summary.completeTruthBoxes(),
                options.seeds(),
                options.training().proposalEpochs(),
                options.training().regionEpochs(),
                options.training().geometry().spacingMm(),
                options.training().geometry().patchPx(),
                summary.evaluateRun()));
        md.append("| arm | classes | label run |\n|---|---|---|\n");
        for (ArmResult a : summary.arms()) {
            md.append(String.format(
                    Locale.ROOT,
                    "| %s | %d | %s |%n",
                    a.arm().description(),
                    a.classes(),
                    a.labelRun() == null ? "" : a.labelRun()));
        }
        List<String> rates = new ArrayList<>(summary.arms().get(0).bookmarked().keySet());
        md.append("\n## Sensitivity against the bookmarked lesions\n\n");
        table(md, summary, rates, true);
        md.append("\n## Sensitivity against the complete truth\n\n");
        table(md, summary, rates, false);
        md.append("\n## Per true lesion type, complete truth, at " + ExperimentSummary.HEADLINE_RATE
                + " FP per image\n\n");
        TreeSet<String> types = new TreeSet<>();
        summary.arms().forEach(a -> types.addAll(a.perType().keySet()));
        md.append("| arm |");
        types.forEach(t -> md.append(' ').append(t).append(" |"));
        md.append("\n|---|");
        types.forEach(t -> md.append("---|"));
        md.append('\n');
        for (ArmResult a : summary.arms()) {
            md.append("| ").append(a.arm().description()).append(" |");
            Map<String, Map<String, Spread>> perType = a.perType();
            for (String t : types) {
                Map<String, Spread> s = perType.get(t);
                md.append(' ')
                        .append(s == null ? "" : s.get(ExperimentSummary.HEADLINE_RATE))
                        .append(" |");
            }
            md.append('\n');
        }
        selfTraining(md, summary);
        md.append("\n## Models\n\n| arm | seed | model | training s |\n|---|---|---|---|\n");
        for (ArmResult a : summary.arms()) {
            for (int i = 0; i < a.seeds().size(); i++) {
                md.append(String.format(
                        Locale.ROOT,
                        "| %s | %d | %s | %.0f |%n",
                        a.arm().id(),
                        a.seeds().get(i),
                        a.models().get(i),
                        a.trainSeconds().get(i)));
            }
        }
        return md.toString();
    }

    /** What each self-training round mined, where there were rounds. */
    private static void selfTraining(StringBuilder md, ExperimentSummary summary) {
        if (summary.arms().stream()
                .allMatch(a -> a.trainings().stream().allMatch(t -> t.rounds().isEmpty()))) {
            return;
        }
        md.append("\n## Self-training\n\n");
        for (ArmResult a : summary.arms()) {
            for (int i = 0; i < a.seeds().size(); i++) {
                for (String line : a.trainings().get(i).roundLines()) {
                    md.append("- ")
                            .append(a.arm().id())
                            .append(", seed ")
                            .append(a.seeds().get(i))
                            .append(": ")
                            .append(line)
                            .append('\n');
                }
            }
        }
    }

    private static void table(StringBuilder md, ExperimentSummary summary, List<String> rates, boolean bookmarked) {
        md.append("| arm |");
        rates.forEach(r -> md.append(' ').append(r).append(" FP |"));
        md.append(" mean 0.5-4 |\n|---|");
        rates.forEach(r -> md.append("---|"));
        md.append("---|\n");
        for (ArmResult a : summary.arms()) {
            Map<String, Spread> byRate = bookmarked ? a.bookmarked() : a.complete();
            md.append("| ").append(a.arm().description()).append(" |");
            rates.forEach(r -> md.append(' ').append(byRate.get(r)).append(" |"));
            md.append(' ')
                    .append(bookmarked ? a.bookmarkedMean() : a.completeMean())
                    .append(" |\n");
        }
        md.append("| random boxes |");
        FrocResult baseline = baseline(summary, bookmarked);
        for (Sensitivity s : baseline.sensitivities()) {
            md.append(String.format(Locale.ROOT, " %.3f |", s.sensitivity()));
        }
        md.append(String.format(Locale.ROOT, " %.3f |%n", baseline.meanSensitivity()));
    }

    /** The random-box baseline against the bookmarks or the complete truth. */
    private static FrocResult baseline(ExperimentSummary summary, boolean bookmarked) {
        EvaluateSummary.Evaluation baseline = summary.baseline();
        return bookmarked
                ? baseline.bookmarked()
                : baseline.completeTruth().orElseThrow().lesions();
    }

    private static ObjectNode json(ExperimentSummary summary, ExperimentOptions options) {
        ObjectNode root = JSON.createObjectNode();
        root.put("run_id", summary.runId());
        root.put("split", summary.split());
        root.put("truth", options.truth());
        root.put("evaluate_run", summary.evaluateRun());
        root.put("images", summary.images());
        root.put("bookmarked_lesions", summary.lesions());
        root.put("complete_truth_lesions", summary.completeTruthBoxes());
        ArrayNode seeds = root.putArray("seeds");
        options.seeds().forEach(seeds::add);
        ObjectNode arms = root.putObject("arms");
        for (ArmResult a : summary.arms()) {
            ObjectNode arm = arms.putObject(a.arm().id());
            arm.put("description", a.arm().description());
            arm.put("classes", a.classes());
            if (a.labelRun() != null) {
                arm.put("label_run", a.labelRun());
            }
            ArrayNode models = arm.putArray("models");
            a.models().forEach(models::add);
            spreads(arm.putObject("bookmarked"), a.bookmarked());
            put(arm.with("bookmarked"), "mean_sensitivity", a.bookmarkedMean());
            spreads(arm.putObject("complete"), a.complete());
            put(arm.with("complete"), "mean_sensitivity", a.completeMean());
            ObjectNode types = arm.putObject("complete_per_type");
            a.perType().forEach((type, byRate) -> spreads(types.putObject(type), byRate));
        }
        return root;
    }

    private static void spreads(ObjectNode node, Map<String, Spread> byRate) {
        ObjectNode sensitivity = node.putObject("sensitivity");
        byRate.forEach((rate, s) -> put(sensitivity, rate, s));
    }

    private static void put(ObjectNode node, String name, Spread s) {
        node.putObject(name).put("mean", s.mean()).put("sd", s.sd()).put("n", s.n());
    }

    /** Each arm's mean sensitivity at the protocol's rates against one truth, and the baseline's. */
    private static BufferedImage froc(ExperimentSummary summary, boolean bookmarked) {
        List<double[]> xs = new ArrayList<>();
        List<double[]> ys = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (ArmResult a : summary.arms()) {
            add(
                    xs,
                    ys,
                    names,
                    bookmarked ? a.bookmarked() : a.complete(),
                    a.arm().description());
        }
        List<Sensitivity> baseline = baseline(summary, bookmarked).sensitivities();
        xs.add(baseline.stream()
                .mapToDouble(Sensitivity::falsePositivesPerImage)
                .toArray());
        ys.add(baseline.stream().mapToDouble(Sensitivity::sensitivity).toArray());
        names.add(EvaluateSummary.BASELINE);
        double[] x = xs.get(0);
        return Charts.linesLog2X(
                String.format(
                        Locale.ROOT,
                        "Ablation, %s split, %s: mean of %d seeds per arm",
                        summary.split(),
                        bookmarked ? "bookmarked lesions" : "complete truth",
                        summary.arms().get(0).seeds().size()),
                "false positives per image (IoU >= " + Froc.DEEPLESION.iouThreshold() + ")",
                "sensitivity",
                xs,
                ys,
                names,
                x[0],
                x[x.length - 1],
                0,
                1);
    }

    private static void add(
            List<double[]> xs, List<double[]> ys, List<String> names, Map<String, Spread> byRate, String name) {
        xs.add(byRate.keySet().stream().mapToDouble(Double::parseDouble).toArray());
        ys.add(byRate.values().stream().mapToDouble(Spread::mean).toArray());
        names.add(name);
    }
}
