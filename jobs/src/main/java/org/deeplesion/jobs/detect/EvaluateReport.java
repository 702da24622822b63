package org.deeplesion.jobs.detect;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import org.apache.hadoop.conf.Configuration;
import org.deeplesion.ct.Window;
import org.deeplesion.detect.AnchorSize;
import org.deeplesion.detect.LesionClasses;
import org.deeplesion.evaluation.ClassSensitivity;
import org.deeplesion.evaluation.Froc;
import org.deeplesion.evaluation.FrocResult;
import org.deeplesion.evaluation.Sensitivity;
import org.deeplesion.jobs.lake.ReportFolder;
import org.deeplesion.report.Charts;
import org.deeplesion.report.Gallery;

/**
 * {@code reports/detect/<run>/} under the lake root: {@code metrics.json} (each model's sensitivities against the
 * bookmarked and the complete truth, per class, and the baseline's), {@code froc.png} (the curves over a log2 axis
 * of false positives per image) and {@code gallery.png} (key slices with true boxes and the first model's
 * detections).
 */
final class EvaluateReport {

    /** The FROC plot's range: from one false positive in eight images to the protocol's 16 per image. */
    static final double PLOT_FROM = 0.125;

    static final double PLOT_TO = 16;
    /** Curve samples per doubling of the false-positive rate: enough for its steps to read as steps. */
    private static final int SAMPLES_PER_DOUBLING = 16;

    private static final int GALLERY_PER_ROW = 4;

    private final ReportFolder folder;

    /** @param dir the run's report folder, {@code Lake.reports("detect", run id)} */
    EvaluateReport(String dir, Configuration conf) {
        this.folder = new ReportFolder(dir, conf);
    }

    String dir() {
        return folder.dir();
    }

    /**
     * @param baselineSizes the box sizes the baseline drew from
     * @param gallery no panels when no key slice has pixels; the gallery is then left out
     */
    void write(
            EvaluateSummary summary,
            EvaluateOptions options,
            List<AnchorSize> baselineSizes,
            List<Gallery.Panel> gallery,
            String galleryTitle)
            throws IOException {
        folder.write("metrics.json", metrics(summary, options, baselineSizes));
        folder.write("froc.png", Charts.png(froc(summary)));
        if (!gallery.isEmpty()) {
            folder.write(
                    "gallery.png", Charts.png(Gallery.of(galleryTitle, gallery, Window.SOFT_TISSUE, GALLERY_PER_ROW)));
        }
    }

    private static byte[] metrics(EvaluateSummary summary, EvaluateOptions options, List<AnchorSize> baselineSizes)
            throws IOException {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        root.put("run_id", summary.runId());
        root.put("split", summary.split());
        root.put("iou_threshold", Froc.DEEPLESION.iouThreshold());
        ArrayNode rates = root.putArray("false_positive_rates");
        Froc.DEEPLESION.falsePositiveRates().forEach(rates::add);
        ArrayNode averaged = root.putArray("averaged_rates");
        Froc.DEEPLESION.averagedRates().forEach(averaged::add);
        root.put("images", summary.images());
        root.put("images_without_pixels", summary.imagesWithoutPixels());
        root.put("bookmarked_lesions", summary.lesions());
        if (options.truth() != null) {
            root.put("truth", options.truth());
            root.put("complete_truth_lesions", summary.completeTruthBoxes());
        }
        ObjectNode models = root.putObject("models");
        for (EvaluateSummary.Evaluation model : summary.models()) {
            ObjectNode node = models.putObject(model.name());
            node.put("label", model.label());
            evaluation(node, model);
        }
        ObjectNode baseline = root.putObject("baseline");
        baseline.put("method", "random boxes of training-lesion sizes at uniformly random places, random scores");
        baseline.put("boxes_per_image", EvaluateJob.BASELINE_BOXES_PER_IMAGE);
        baseline.put("seed", options.seed());
        ArrayNode sizes = baseline.putArray("sizes");
        for (AnchorSize size : baselineSizes) {
            sizes.addObject().put("width", size.width()).put("height", size.height());
        }
        evaluation(baseline, summary.baseline());
        root.put("seconds", summary.seconds());
        return mapper.writeValueAsBytes(root);
    }

    private static void evaluation(ObjectNode node, EvaluateSummary.Evaluation evaluation) {
        froc(node.putObject("bookmarked"), evaluation.bookmarked());
        if (evaluation.completeTruth().isPresent()) {
            EvaluateSummary.AgainstCompleteTruth truth =
                    evaluation.completeTruth().get();
            froc(node.putObject("bookmarked_others_ignored"), truth.othersIgnored());
            ObjectNode complete = node.putObject("complete");
            froc(complete, truth.lesions());
            ObjectNode sections = complete.putObject("per_section");
            for (ClassSensitivity c : truth.bySection().perClass()) {
                ObjectNode section =
                        sections.putObject(EvaluateSummary.section(c).name().toLowerCase(Locale.ROOT));
                section.put("ground_truth_boxes", c.groundTruthBoxes());
                sensitivities(section.putObject("sensitivity"), c.sensitivities());
            }
        }
    }

    private static void froc(ObjectNode node, FrocResult result) {
        node.put("images", result.images());
        node.put("ground_truth_boxes", result.groundTruthBoxes());
        node.put("detections", result.detections());
        sensitivities(node.putObject("sensitivity"), result.sensitivities());
        node.put("mean_sensitivity", result.meanSensitivity());
        ObjectNode thresholds = node.putObject("score_threshold");
        for (Sensitivity s : result.sensitivities()) {
            OptionalDouble threshold = result.scoreThresholdAt(s.falsePositivesPerImage());
            String rate = EvaluateSummary.rate(s.falsePositivesPerImage());
            if (threshold.isPresent()) {
                thresholds.put(rate, threshold.getAsDouble());
            } else {
                thresholds.putNull(rate);
            }
        }
        ObjectNode perClass = node.putObject("per_class");
        for (ClassSensitivity c : result.perClass()) {
            ObjectNode cls = perClass.putObject(LesionClasses.name(c.classIndex()));
            cls.put("class_index", c.classIndex());
            cls.put("ground_truth_boxes", c.groundTruthBoxes());
            sensitivities(cls.putObject("sensitivity"), c.sensitivities());
        }
    }

    private static void sensitivities(ObjectNode node, List<Sensitivity> sensitivities) {
        for (Sensitivity s : sensitivities) {
            node.put(EvaluateSummary.rate(s.falsePositivesPerImage()), s.sensitivity());
        }
    }

    /** Every model against the bookmarks and then the complete truth, as the console lists them; the baseline last. */
    private static BufferedImage froc(EvaluateSummary summary) {
        int samples = (int) Math.round(Math.log(PLOT_TO / PLOT_FROM) / Math.log(2) * SAMPLES_PER_DOUBLING) + 1;
        double[] x = new double[samples];
        for (int i = 0; i < samples; i++) {
            x[i] = PLOT_FROM * Math.pow(2, (double) i / SAMPLES_PER_DOUBLING);
        }
        List<double[]> xs = new ArrayList<>();
        List<double[]> ys = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<EvaluateSummary.Evaluation> all = new ArrayList<>(summary.models());
        all.add(summary.baseline());
        for (EvaluateSummary.Evaluation e : all) {
            add(xs, ys, names, x, e.bookmarked(), e.label());
            e.completeTruth().ifPresent(c -> add(xs, ys, names, x, c.lesions(), e.label() + " (complete truth)"));
        }
        String title = String.format(
                Locale.ROOT,
                "FROC, %s split: %d key slices, %d bookmarked lesions",
                summary.split(),
                summary.images(),
                summary.lesions());
        return Charts.linesLog2X(
                title,
                "false positives per image (IoU >= " + Froc.DEEPLESION.iouThreshold() + ")",
                "sensitivity",
                xs,
                ys,
                names,
                PLOT_FROM,
                PLOT_TO,
                0,
                1);
    }

    private static void add(
            List<double[]> xs, List<double[]> ys, List<String> names, double[] x, FrocResult result, String name) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = result.sensitivityAt(x[i]);
        }
        xs.add(x);
        ys.add(y);
        names.add(name);
    }
}
