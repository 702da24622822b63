package org.deeplesion.jobs.detect;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.imageio.ImageIO;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.deeplesion.detect.LesionClasses;
import org.deeplesion.evaluation.ClassSensitivity;
import org.deeplesion.evaluation.Froc;
import org.deeplesion.evaluation.FrocResult;
import org.deeplesion.evaluation.Sensitivity;
import org.deeplesion.jobs.SparkTestSession;
import org.deeplesion.jobs.TestArchives;
import org.deeplesion.jobs.cli.DeepLesionCli;
import org.deeplesion.jobs.ingest.IngestJob;
import org.deeplesion.jobs.ingest.IngestOptions;
import org.deeplesion.jobs.lake.Lake;
import org.deeplesion.jobs.lake.LakeTable;
import org.deeplesion.jobs.mine.MineJob;
import org.deeplesion.jobs.mine.MineOptions;
import org.deeplesion.jobs.run.JobContext;
import org.deeplesion.recist.BoundingBox;
import org.deeplesion.report.Gallery;
import org.deeplesion.synth.CohortTruth;
import org.deeplesion.synth.CompleteTruth;
import org.deeplesion.synth.LesionTruth;
import org.deeplesion.synth.SeriesTruth;
import org.deeplesion.synth.SliceBox;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Evaluation on a real lake (a synthetic cohort ingested and mined) with a detections table this test writes: a
 * constructed detector whose FROC curve follows from the protocol's rules, so that every sensitivity it must score
 * is known before the job runs.
 */
class EvaluateJobTest {

    private static final byte[] SECRET = "evaluate-test-secret".getBytes(StandardCharsets.UTF_8);
    private static final String MODEL = "train-3f2a9c1b-5d4e-4f60-8a7b-0c1d2e3f4a5b";
    /** What its manifest makes of it in tables and figures. */
    private static final String LABEL = "pseudo labels (k=3) [3f2a9c1b]";
    /** A model whose only detection lies on a training slice. */
    private static final String ELSEWHERE = "detector-of-other-slices";

    @TempDir
    static Path dir;

    private static SparkSession spark;
    private static Lake lake;
    private static CohortTruth truth;
    /** Test-split key slices (I), bookmarked test lesions (L), lesions of the complete truth on those slices (C). */
    private static Set<String> images;

    private static int lesions;
    private static int completeLesions;
    /** Test lesions the constructed detector finds (H), the last of them only below its false positives. */
    private static int hits;
    /** Where the constructed detector's find of an unbookmarked lesion lies against that lesion. */
    private static CompleteTruth.Section unbookmarkedFind;

    private static EvaluateSummary summary;

    /** A test lesion as mined: its key slice and box. */
    private record Mined(String lesionId, String sop, BoundingBox box) {}

    /** A box the constructed detector reports. */
    private record Box(String sop, BoundingBox box, double score) {}

    @BeforeAll
    static void lakeWithAConstructedDetector() throws IOException {
        spark = SparkTestSession.get();
        // A cohort whose test split holds several key slices, one with two bookmarks, and unbookmarked lesions on them.
        truth = TestArchives.cohort(dir.resolve("archive"), 5, 35);
        lake = new Lake(spark, dir.resolve("lake").toUri().toString());
        new IngestJob(
                        spark,
                        new IngestOptions(
                                List.of(dir.resolve("archive/dicom").toUri().toString()),
                                lake.root(),
                                SECRET,
                                false,
                                64L << 20,
                                8))
                .run();
        // Half the patients train, none validate: the validation split stays empty.
        new MineJob(spark, new MineOptions(lake.root(), null, null, 2, 0.5, 0.0, null)).run();

        List<Mined> test = new ArrayList<>();
        for (Row r : lake.read(LakeTable.LESIONS)
                .orElseThrow()
                .filter(col("split").equalTo("test"))
                .orderBy("lesion_id")
                .collectAsList()) {
            test.add(new Mined(
                    r.getAs("lesion_id"),
                    r.getAs("sop_instance_uid"),
                    new BoundingBox(r.getAs("box_x1"), r.getAs("box_y1"), r.getAs("box_x2"), r.getAs("box_y2"))));
        }
        images = new TreeSet<>(test.stream().map(Mined::sop).toList());
        lesions = test.size();
        completeLesions = (int) truth.lesions().stream()
                .flatMap(l -> l.sliceBoxes().stream())
                .filter(b -> images.contains(b.sopInstanceUid()))
                .count();
        writeDetections(test);
        // Only what evaluate reads of a manifest: the model trained on three pseudo-label classes.
        Path manifest = dir.resolve("lake/models/" + MODEL + "/detector.json");
        Files.createDirectories(manifest.getParent());
        Files.writeString(
                manifest,
                "{\"modelId\": \"" + MODEL + "\", \"classes\": \"pseudo\", "
                        + "\"classNames\": [\"cluster-0\", \"cluster-1\", \"cluster-2\"], \"labelRunId\": \"run\"}");
        summary = new EvaluateJob(
                        spark,
                        new EvaluateOptions(
                                lake.root(),
                                List.of(MODEL),
                                "test",
                                dir.resolve("archive/truth.json").toUri().toString(),
                                4,
                                7))
                .run();
    }

    /**
     * The constructed detector, best score first: exact boxes on H - 1 test lesions; a box on an unbookmarked lesion
     * (a false positive against the bookmarks, a find against the complete truth); a 2 x 2 box in the corner of
     * every test slice (false positives against any truth); last, an exact box on one more test lesion. Lesions are
     * chosen whose box no other lesion on their slice overlaps by IoU 0.5, so that each box finds exactly one.
     */
    private static void writeDetections(List<Mined> test) {
        List<Mined> isolated =
                test.stream().filter(m -> alone(m.sop(), m.box())).toList();
        assertThat(isolated).as("test lesions no other lesion overlaps").hasSizeGreaterThanOrEqualTo(2);
        LesionTruth unbookmarked = truth.lesions().stream()
                .filter(l -> !l.bookmarked())
                .filter(l -> l.sliceBoxes().stream()
                        .anyMatch(b ->
                                images.contains(b.sopInstanceUid()) && alone(b.sopInstanceUid(), completeBox(l, b))))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no unbookmarked lesion alone on a test slice"));
        SliceBox onTest = unbookmarked.sliceBoxes().stream()
                .filter(b -> images.contains(b.sopInstanceUid()))
                .filter(b -> alone(b.sopInstanceUid(), completeBox(unbookmarked, b)))
                .findFirst()
                .orElseThrow();

        unbookmarkedFind = onTest.sliceIndex() == unbookmarked.keySlice()
                ? CompleteTruth.Section.KEY_SLICE
                : CompleteTruth.Section.OTHER_SLICE;
        hits = Math.max(2, isolated.size() - 1);
        List<Box> boxes = new ArrayList<>();
        for (int i = 0; i < hits - 1; i++) {
            boxes.add(new Box(isolated.get(i).sop(), isolated.get(i).box(), 0.9 - 0.01 * i));
        }
        boxes.add(new Box(onTest.sopInstanceUid(), completeBox(unbookmarked, onTest), 0.5));
        int i = 0;
        for (String sop : images) {
            boxes.add(new Box(sop, new BoundingBox(0, 0, 1, 1), 0.2 - 0.001 * i++));
        }
        Mined late = isolated.get(hits - 1);
        boxes.add(new Box(late.sop(), late.box(), 0.05));

        List<Row> rows = new ArrayList<>();
        boxes.sort(Comparator.comparingDouble(Box::score).reversed());
        Map<String, Integer> rank = new HashMap<>();
        for (Box b : boxes) {
            rows.add(detection(MODEL, b, rank.merge(b.sop(), 1, Integer::sum) - 1, "test"));
        }
        String trainSlice = lake.read(LakeTable.LESIONS)
                .orElseThrow()
                .filter(col("split").equalTo("train"))
                .first()
                .getAs("sop_instance_uid");
        rows.add(detection(ELSEWHERE, new Box(trainSlice, new BoundingBox(10, 10, 30, 30), 0.9), 0, "train"));
        lake.append(LakeTable.DETECTIONS, spark.createDataFrame(rows, LakeTable.DETECTIONS.schema()));
    }

    private static Row detection(String model, Box b, int rank, String split) {
        return RowFactory.create(
                model,
                b.sop(),
                0,
                split,
                rank,
                b.box().x1(),
                b.box().y1(),
                b.box().x2(),
                b.box().y2(),
                b.score(),
                0,
                "lesion",
                "test-detect-run");
    }

    /** A lesion's box in the complete truth: its DeepLesion box on its key slice, else its tight box padded by 5. */
    private static BoundingBox completeBox(LesionTruth lesion, SliceBox slice) {
        if (slice.sliceIndex() == lesion.keySlice()) {
            return lesion.deepLesionBox();
        }
        SeriesTruth series = truth.patients().stream()
                .flatMap(p -> p.studies().stream())
                .flatMap(s -> s.series().stream())
                .filter(s -> s.seriesInstanceUid().equals(lesion.seriesInstanceUid()))
                .findFirst()
                .orElseThrow();
        BoundingBox t = slice.box();
        return new BoundingBox(
                Math.max(0, t.x1() - 5),
                Math.max(0, t.y1() - 5),
                Math.min(series.columns() - 1, t.x2() + 5),
                Math.min(series.rows() - 1, t.y2() + 5));
    }

    /** Whether a box on a slice reaches IoU 0.5 with exactly one lesion there (itself), bookmarked or not. */
    private static boolean alone(String sop, BoundingBox box) {
        int reached = 0;
        for (LesionTruth lesion : truth.lesions()) {
            for (SliceBox b : lesion.sliceBoxes()) {
                if (b.sopInstanceUid().equals(sop) && box.iou(completeBox(lesion, b)) >= 0.5) {
                    reached++;
                }
            }
        }
        return reached == 1;
    }

    private static double at(FrocResult result, double rate) {
        return result.sensitivities().stream()
                .filter(s -> s.falsePositivesPerImage() == rate)
                .mapToDouble(Sensitivity::sensitivity)
                .findFirst()
                .orElseThrow();
    }

    private static Path report(String name) {
        return Path.of(URI.create(summary.report() + "/" + name));
    }

    @Test
    void againstTheBookmarksTheConstructedDetectorScoresWhatTheProtocolImplies() {
        FrocResult result = summary.model(MODEL).bookmarked();
        double before = (hits - 1) / (double) lesions;
        double all = hits / (double) lesions;

        assertThat(result.images()).isEqualTo(images.size());
        assertThat(result.groundTruthBoxes()).isEqualTo(lesions);
        // The unbookmarked find and the corner boxes are I + 1 false positives before the late hit: at 1 FP per
        // image the late hit is not yet counted, at 2 it is ((I + 1) / I <= 2).
        assertThat(at(result, 0.5)).isCloseTo(before, within(1e-12));
        assertThat(at(result, 1)).isCloseTo(before, within(1e-12));
        assertThat(at(result, 2)).isCloseTo(all, within(1e-12));
        assertThat(at(result, 16)).isCloseTo(all, within(1e-12));
        assertThat(result.meanSensitivity()).isCloseTo((2 * before + 2 * all) / 4, within(1e-12));
        assertThat(result.scoreThresholdAt(16)).hasValue(0.05);
    }

    @Test
    void withOtherLesionsIgnoredTheUnbookmarkedFindIsNoFalsePositiveAndOnlyBookmarksCount() throws IOException {
        FrocResult result = summary.model(MODEL).completeTruth().orElseThrow().othersIgnored();
        double before = (hits - 1) / (double) lesions;
        double all = hits / (double) lesions;

        assertThat(result.groundTruthBoxes()).isEqualTo(lesions);
        // Only the I corner boxes are false positives before the late hit, which now counts at 1 FP per image.
        assertThat(at(result, 0.5)).isCloseTo(before, within(1e-12));
        assertThat(at(result, 1)).isCloseTo(all, within(1e-12));
        assertThat(at(summary.model(MODEL).bookmarked(), 1)).isCloseTo(before, within(1e-12));
        assertThat(summary.lines().lines())
                .anySatisfy(row -> assertThat(row).startsWith("  " + LABEL + " (other lesions ignored) "));
        assertThat(summary.metrics().get(MODEL + ".others_ignored.sensitivity@1"))
                .isCloseTo(all, within(1e-12));
        JsonNode json = new ObjectMapper().readTree(report("metrics.json").toFile());
        assertThat(json.get("models")
                        .get(MODEL)
                        .get("bookmarked_others_ignored")
                        .get("sensitivity")
                        .get("1")
                        .asDouble())
                .isCloseTo(all, within(1e-12));
    }

    @Test
    void theCompleteTruthCountsUnbookmarkedLesionsAndTheirFinds() {
        FrocResult result = summary.model(MODEL).completeTruth().orElseThrow().lesions();

        assertThat(completeLesions)
                .as("lesions on the test slices, bookmarked or not")
                .isGreaterThan(lesions);
        assertThat(summary.completeTruthBoxes()).isEqualTo(completeLesions);
        assertThat(result.groundTruthBoxes()).isEqualTo(completeLesions);
        // Now the unbookmarked box is a find, leaving I false positives: the late hit comes at exactly 1 FP per
        // image, where the last point of that rate counts.
        assertThat(at(result, 0.5)).isCloseTo(hits / (double) completeLesions, within(1e-12));
        assertThat(at(result, 1)).isCloseTo((hits + 1) / (double) completeLesions, within(1e-12));
        assertThat(result.perClass().stream()
                        .mapToInt(c -> c.groundTruthBoxes())
                        .sum())
                .isEqualTo(completeLesions);
    }

    @Test
    void randomBoxesScoreFarBelowTheDetector() {
        EvaluateSummary.Evaluation baseline = summary.baseline();

        assertThat(baseline.bookmarked().detections()).isEqualTo(EvaluateJob.BASELINE_BOXES_PER_IMAGE * images.size());
        assertThat(baseline.bookmarked().images()).isEqualTo(images.size());
        assertThat(baseline.bookmarked().meanSensitivity())
                .isLessThan(summary.model(MODEL).bookmarked().meanSensitivity() / 2);
    }

    @Test
    void metricsJsonHoldsEachTruthsSensitivitiesPerRateAndClass() throws IOException {
        JsonNode json = new ObjectMapper().readTree(report("metrics.json").toFile());
        JsonNode model = json.get("models").get(MODEL);

        assertThat(json.get("run_id").asText()).isEqualTo(summary.runId());
        assertThat(json.get("split").asText()).isEqualTo("test");
        assertThat(json.get("images").asInt()).isEqualTo(images.size());
        assertThat(json.get("complete_truth_lesions").asInt()).isEqualTo(completeLesions);
        FrocResult bookmarked = summary.model(MODEL).bookmarked();
        for (Sensitivity s : bookmarked.sensitivities()) {
            assertThat(model.get("bookmarked")
                            .get("sensitivity")
                            .get(EvaluateSummary.rate(s.falsePositivesPerImage()))
                            .asDouble())
                    .isEqualTo(s.sensitivity());
        }
        assertThat(model.get("bookmarked").get("sensitivity").size())
                .isEqualTo(Froc.DEEPLESION.falsePositiveRates().size());
        assertThat(model.get("bookmarked").get("mean_sensitivity").asDouble()).isEqualTo(bookmarked.meanSensitivity());
        // Bookmarks from presentation states carry no coarse type: one class, unknown.
        assertThat(model.get("bookmarked")
                        .get("per_class")
                        .get("unknown")
                        .get("ground_truth_boxes")
                        .asInt())
                .isEqualTo(lesions);
        Set<String> types = new HashSet<>();
        truth.lesions().stream()
                .filter(l -> l.sliceBoxes().stream().anyMatch(b -> images.contains(b.sopInstanceUid())))
                .forEach(l -> types.add(l.coarseType().name().toLowerCase(Locale.ROOT)));
        assertThat(names(model.get("complete").get("per_class").fieldNames()))
                .containsExactlyInAnyOrderElementsOf(types);
        assertThat(json.get("baseline").get("bookmarked").get("detections").asInt())
                .isEqualTo(EvaluateJob.BASELINE_BOXES_PER_IMAGE * images.size());
        assertThat(json.get("baseline").get("sizes").size()).isBetween(1, EvaluateJob.BASELINE_SIZES);
    }

    private static List<String> names(Iterator<String> names) {
        List<String> out = new ArrayList<>();
        names.forEachRemaining(out::add);
        return out;
    }

    @Test
    void theFiguresArePngsWithContentAndTheGalleryShowsBothKindsOfBox() throws IOException {
        for (String name : List.of("froc.png", "gallery.png")) {
            BufferedImage image = ImageIO.read(report(name).toFile());
            assertThat(image).as(name).isNotNull();
            Set<Integer> colours = new HashSet<>();
            for (int y = 0; y < image.getHeight(); y++) {
                for (int x = 0; x < image.getWidth(); x++) {
                    colours.add(image.getRGB(x, y) & 0xFFFFFF);
                }
            }
            assertThat(colours).as("distinct colours in " + name).hasSizeGreaterThan(10);
            if (name.equals("gallery.png")) {
                assertThat(colours).contains(Gallery.TRUTH.getRGB() & 0xFFFFFF, Gallery.DETECTION.getRGB() & 0xFFFFFF);
            }
        }
    }

    @Test
    void theRunIsRecordedWithEachModelsSensitivities() {
        Row run = lake.read(LakeTable.RUNS)
                .orElseThrow()
                .filter(col("run_id").equalTo(summary.runId()))
                .first();
        Map<String, Double> metrics = run.getJavaMap(run.fieldIndex("metrics"));

        assertThat(run.<String>getAs("job")).isEqualTo("evaluate");
        assertThat(metrics.get(MODEL + ".sensitivity@4"))
                .isEqualTo(at(summary.model(MODEL).bookmarked(), 4));
        assertThat(metrics.get(MODEL + ".complete.sensitivity@1"))
                .isEqualTo(at(summary.model(MODEL).completeTruth().orElseThrow().lesions(), 1));
        assertThat(metrics).containsKey("baseline.mean_sensitivity");
        assertThat(summary.lines()).contains(LABEL).contains("random boxes").contains(summary.report());
    }

    @Test
    void theRunsRowIsStampedByTheInjectedClockAndTheReportLiesUnderTheRunsId() throws IOException {
        Instant fixed = Instant.parse("2024-03-01T08:00:00Z");
        EvaluateSummary fixedRun = new EvaluateJob(
                        spark,
                        new EvaluateOptions(lake.root(), List.of(MODEL), "test", null, 1, 7),
                        JobContext.system().withClock(Clock.fixed(fixed, ZoneOffset.UTC)))
                .run();

        Row run = lake.read(LakeTable.RUNS)
                .orElseThrow()
                .filter(col("run_id").equalTo(fixedRun.runId()))
                .first();
        assertThat(run.<Timestamp>getAs("started_at").toInstant()).isEqualTo(fixed);
        assertThat(run.<Timestamp>getAs("finished_at").toInstant()).isEqualTo(fixed);
        assertThat(fixedRun.seconds()).isZero();
        assertThat(fixedRun.report()).isEqualTo(lake.reports("detect", fixedRun.runId()));
    }

    @Test
    void theTableNamesTheModelByItsClassesAndShortIdAgainstEachTruth() throws IOException {
        List<String> rows = summary.lines().lines().toList();

        assertThat(rows)
                .anySatisfy(
                        row -> assertThat(row).startsWith("  " + LABEL + " ").doesNotContain("complete"));
        assertThat(rows).anySatisfy(row -> assertThat(row).startsWith("  " + LABEL + " (complete truth) "));
        assertThat(summary.model(MODEL).label()).isEqualTo(LABEL);
        JsonNode json = new ObjectMapper().readTree(report("metrics.json").toFile());
        assertThat(json.get("models").get(MODEL).get("label").asText()).isEqualTo(LABEL);
    }

    @Test
    void underTheCompleteTruthsRowTheTableBreaksTheModelsSensitivityDownByLesionType() {
        List<String> rows = summary.lines().lines().toList();
        FrocResult complete = summary.model(MODEL).completeTruth().orElseThrow().lesions();
        assertThat(complete.perClass()).as("types on the test slices").hasSizeGreaterThan(1);

        int row = rows.indexOf(rows.stream()
                .filter(r -> r.startsWith("  " + LABEL + " (complete truth) "))
                .findFirst()
                .orElseThrow());
        String byType = rows.get(row + 1);
        assertThat(byType).startsWith("    by type at 4 FP: ");
        for (ClassSensitivity c : complete.perClass()) {
            double at4 = c.sensitivities().stream()
                    .filter(s -> s.falsePositivesPerImage() == 4)
                    .findFirst()
                    .orElseThrow()
                    .sensitivity();
            assertThat(byType)
                    .contains(String.format(
                            Locale.ROOT,
                            "%s %.3f (%d)",
                            LesionClasses.name(c.classIndex()),
                            at4,
                            c.groundTruthBoxes()));
        }
        assertThat(rows)
                .as("bookmarks without types, and random boxes, get no breakdown")
                .filteredOn(r -> r.startsWith("    by type"))
                .hasSize(1);
    }

    @Test
    void underTheTypesTheCompleteTruthIsBrokenDownIntoLesionsOnTheirKeySliceAndPartsReachingIn() throws IOException {
        Map<CompleteTruth.Section, Integer> boxes = new EnumMap<>(CompleteTruth.Section.class);
        for (LesionTruth lesion : truth.lesions()) {
            for (SliceBox b : lesion.sliceBoxes()) {
                if (images.contains(b.sopInstanceUid())) {
                    boxes.merge(
                            b.sliceIndex() == lesion.keySlice()
                                    ? CompleteTruth.Section.KEY_SLICE
                                    : CompleteTruth.Section.OTHER_SLICE,
                            1,
                            Integer::sum);
                }
            }
        }
        assertThat(boxes).as("both kinds on the test slices").hasSize(2);
        // At 4 FP per image every detection counts: the bookmarked finds lie on their lesions' key slices.
        Map<CompleteTruth.Section, Integer> found = new EnumMap<>(CompleteTruth.Section.class);
        found.put(CompleteTruth.Section.KEY_SLICE, hits);
        found.put(CompleteTruth.Section.OTHER_SLICE, 0);
        found.merge(unbookmarkedFind, 1, Integer::sum);
        List<String> rows = summary.lines().lines().toList();
        int row = rows.indexOf(rows.stream()
                .filter(r -> r.startsWith("  " + LABEL + " (complete truth) "))
                .findFirst()
                .orElseThrow());
        JsonNode sections = new ObjectMapper()
                .readTree(report("metrics.json").toFile())
                .get("models")
                .get(MODEL)
                .get("complete")
                .get("per_section");
        Map<String, Double> metrics = summary.metrics();

        assertThat(rows.get(row + 2)).startsWith("    by section at 4 FP: ");
        for (CompleteTruth.Section section : CompleteTruth.Section.values()) {
            double expected = found.get(section) / (double) boxes.get(section);
            String name = section.name().toLowerCase(Locale.ROOT);
            assertThat(rows.get(row + 2))
                    .contains(
                            String.format(Locale.ROOT, "%s %.3f (%d)", section.label(), expected, boxes.get(section)));
            assertThat(metrics.get(MODEL + ".complete." + name + ".sensitivity@4"))
                    .isCloseTo(expected, within(1e-12));
            assertThat(sections.get(name).get("ground_truth_boxes").asInt()).isEqualTo(boxes.get(section));
            assertThat(sections.get(name).get("sensitivity").get("4").asDouble())
                    .isCloseTo(expected, within(1e-12));
        }
        assertThat(rows).filteredOn(r -> r.startsWith("    by section")).hasSize(1);
    }

    @Test
    void aModelWithoutDetectionsOnTheSplitIsAnErrorThatNamesIt() {
        long runs = lake.read(LakeTable.RUNS).orElseThrow().count();
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = DeepLesionCli.run("evaluate", "--lake", lake.root(), "--model", ELSEWHERE);
        } finally {
            System.setErr(err);
        }

        assertThat(code).isEqualTo(2);
        assertThat(captured.toString(StandardCharsets.UTF_8))
                .contains("evaluate: model " + ELSEWHERE)
                .contains("no detections")
                .contains("'test' split")
                .contains(MODEL);
        assertThat(lake.read(LakeTable.RUNS).orElseThrow().count()).isEqualTo(runs);
    }

    @Test
    void aSplitWithoutLesionsIsAnError() {
        assertThatThrownBy(() -> new EvaluateJob(
                                spark, new EvaluateOptions(lake.root(), List.of(MODEL), "validation", null, 4, 1))
                        .run())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no lesions in the 'validation'");
    }
}
