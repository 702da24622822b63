package org.deeplesion.jobs.detect;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.deeplesion.ct.Window;
import org.deeplesion.detect.DetectorGeometry;
import org.deeplesion.detect.DetectorSettings;
import org.deeplesion.detect.HardLesions;
import org.deeplesion.detect.SeriesBookmark;
import org.deeplesion.evaluation.FrocResult;
import org.deeplesion.jobs.ChildDriver;
import org.deeplesion.jobs.SparkTestSession;
import org.deeplesion.jobs.ingest.IngestJob;
import org.deeplesion.jobs.ingest.IngestOptions;
import org.deeplesion.jobs.lake.Lake;
import org.deeplesion.jobs.lake.LakeTable;
import org.deeplesion.jobs.mine.MineJob;
import org.deeplesion.jobs.mine.MineOptions;
import org.deeplesion.recist.BoundingBox;
import org.deeplesion.synth.CohortGenerator;
import org.deeplesion.synth.CohortSpec;
import org.deeplesion.synth.OutputFormat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The detector end to end on a small cohort and a small configuration: train on Spark's two local executors, detect
 * on every key slice of a split, find the lesions of patients the training never saw far more often than random boxes
 * do, and resume a training run killed after a checkpoint.
 *
 * <p>The cohort is small images of whole bodies (128 px at about 3 mm per pixel), which the detector sees at its usual
 * 2 mm; three short epochs of 48 px patches in minibatches of 8, about two minutes on two cores, are enough to
 * learn from them.
 */
class DetectorPipelineTest {

    private static final byte[] SECRET = "detector-test-secret".getBytes(StandardCharsets.UTF_8);
    /** The CLI's geometry at its usual 2 mm, with 48 px training patches, on the faster 8-pixel grid. */
    static final DetectorGeometry GEOMETRY = new DetectorGeometry(2.0, 2.0, Window.SOFT_TISSUE, 8, 48, 32, 2.0, 16.0);

    /** What the CLI makes of --spacing 4 --patch 48 --stride 8. */
    private static final DetectorGeometry CLI_GEOMETRY =
            new DetectorGeometry(4.0, 2.0, Window.SOFT_TISSUE, 8, 48, 32, 2.0, 16.0);

    @TempDir
    static Path dir;

    private static SparkSession spark;
    private static Lake lake;
    private static TrainSummary trained;
    /** The first detection of the training split, which evaluate reads. */
    private static DetectSummary detectedTrain;

    @BeforeAll
    static void ingestMineAndTrain() throws IOException {
        spark = SparkTestSession.get();
        CohortSpec spec = CohortSpec.defaults(56, 41)
                .withImageSize(128, 128)
                .withPixelSpacingMm(2.9, 3.3)
                .withStudiesPerPatient(1, 2)
                .withSlicesPerSeries(5, 7)
                .withLesionsPerSeries(2, 3);
        CohortGenerator.generate(spec, dir.resolve("archive"), EnumSet.of(OutputFormat.DICOM));
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
        new MineJob(spark, new MineOptions(lake.root(), null, null, 7, 0.5, 0.1, null)).run();
        // Hard example mining after each of the first two proposal epochs. No sections of nearby lesions: with
        // them, this small a model is confident about nothing away from the bookmarks, and the self-training test
        // needs a teacher that is (the other models here train with them).
        trained = new TrainJob(
                        spark,
                        options(TrainOptions.SINGLE, 3, 1, false)
                                .withClasses(
                                        TrainOptions.SINGLE,
                                        TrainOptions.Extras.none()
                                                .withHardMining(1)
                                                .withSectionReach(0)))
                .run();
        detectedTrain = new DetectJob(spark, new DetectOptions(lake.root(), trained.modelId(), "train")).run();
    }

    static TrainOptions options(String classes, int proposalEpochs, int regionEpochs, boolean resume) {
        return new TrainOptions(
                lake.root(),
                classes,
                List.of("train"),
                proposalEpochs,
                regionEpochs,
                24,
                8,
                32,
                6,
                2,
                5,
                resume,
                GEOMETRY,
                new DetectorSettings(24, 0.7, 0.3, 24, true));
    }

    @Test
    void trainingWritesBothNetworksAndTheManifestAndCleansUpItsExports() throws IOException {
        Path model = Path.of(URI.create(trained.modelDir()));
        assertThat(model.resolve(ModelDirectory.PROPOSALS)).isNotEmptyFile();
        assertThat(model.resolve(ModelDirectory.REGIONS)).isNotEmptyFile();
        assertThat(model.resolve("datasets")).doesNotExist();
        try (Stream<Path> checkpoints = Files.list(model.resolve("checkpoints"))) {
            assertThat(checkpoints.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".zip")))
                    .contains("proposals-epoch-003.zip", "regions-epoch-001.zip")
                    .hasSize(4);
        }
        DetectorManifest manifest = ModelDirectory.open(
                        lake, trained.modelId(), spark.sparkContext().hadoopConfiguration())
                .manifest();
        assertThat(manifest.classNames()).containsExactly("lesion");
        assertThat(manifest.geometry()).isEqualTo(GEOMETRY);
        assertThat(manifest.sizePrior().width()).isGreaterThan(1);
        assertThat(manifest.trainLesions())
                .isEqualTo(lake.read(LakeTable.LESIONS)
                        .orElseThrow()
                        .filter(col("split").equalTo("train"))
                        .count());
        assertThat(manifest.metrics())
                .containsKeys("proposal_loss", "region_loss", "proposal_recall_train", "proposal_images_per_s");
        assertThat(manifest.recipe())
                .as("how it was trained")
                .isEqualTo(new TrainingRecipe(
                        5,
                        24,
                        8,
                        32,
                        6,
                        2,
                        1,
                        0.0,
                        TrainOptions.Extras.DEFAULT_PART_TARGET,
                        false,
                        TrainOptions.Extras.DEFAULT_AVERAGE_LAST));
        Row run = lake.read(LakeTable.RUNS)
                .orElseThrow()
                .filter(col("run_id").equalTo(trained.modelId()))
                .first();
        assertThat(run.<String>getAs("status")).isEqualTo("succeeded");
        assertThat(run.<String>getAs("job")).isEqualTo("train");
    }

    @Test
    void aLesionBookmarkedNearbyIsALesionOfTheOtherKeySlicesOfItsSeriesWithinTheReach() {
        Map<String, ImageTruth> none = TrainingTruth.of(lake, List.of("train"), Map.of(), 0, false);
        Map<String, ImageTruth> quarter =
                TrainingTruth.of(lake, List.of("train"), Map.of(), TrainOptions.Extras.DEFAULT_SECTION_REACH, false);
        Map<String, ImageTruth> half = TrainingTruth.of(lake, List.of("train"), Map.of(), 0.5, false);

        assertThat(none.values()).allSatisfy(t -> assertThat(t.sections()).isEmpty());
        // Half a long diameter is where a lesion ends: each lesion reaching into a slice has a section there, a box
        // about the centre of its key box and inside it.
        int sections = 0;
        for (ImageTruth t : half.values()) {
            assertThat(t.sections()).hasSameSizeAs(t.ignore());
            for (int i = 0; i < t.sections().size(); i++) {
                BoundingBox section = t.sections().get(i);
                BoundingBox key = t.ignore().get(i);
                assertThat(section.x1()).isGreaterThanOrEqualTo(key.x1());
                assertThat(section.y1()).isGreaterThanOrEqualTo(key.y1());
                assertThat(section.x2()).isLessThanOrEqualTo(key.x2());
                assertThat(section.y2()).isLessThanOrEqualTo(key.y2());
                assertThat(section.x1() + section.x2()).isCloseTo(key.x1() + key.x2(), within(1e-9));
            }
            sections += t.sections().size();
        }
        int near = quarter.values().stream().mapToInt(t -> t.sections().size()).sum();
        assertThat(sections).as("series with two bookmarks on nearby slices").isPositive();
        assertThat(near).isBetween(0, sections);
        assertThat(quarter.keySet()).isEqualTo(none.keySet());
        assertThat(parameters(trained.modelId())).containsEntry("section_reach", "0.0");
    }

    @Test
    void thePartsOfLesionsBookmarkedElsewhereAreGatheredOnlyWhenTrainingUsesThem() {
        Map<String, ImageTruth> without = TrainingTruth.of(lake, List.of("train"), Map.of(), 0, false);
        Map<String, ImageTruth> with = TrainingTruth.of(lake, List.of("train"), Map.of(), 0, true);
        Map<String, ImageTruth> toTheEnd =
                TrainingTruth.of(lake, List.of("train"), Map.of(), SeriesBookmark.MAX_REACH, false);

        assertThat(without.values()).allSatisfy(t -> assertThat(t.parts()).isEmpty());
        assertThat(with.keySet()).isEqualTo(without.keySet());
        // A part is a section wherever the lesion reaches, so the parts are the sections at the greatest reach, while
        // the sections of the proposal network stay as --section-reach says.
        with.forEach((image, t) -> {
            assertThat(t.parts()).isEqualTo(toTheEnd.get(image).sections());
            assertThat(t.sections()).isEmpty();
            assertThat(t.boxes()).isEqualTo(without.get(image).boxes());
        });
        assertThat(with.values().stream().mapToInt(t -> t.parts().size()).sum())
                .as("series with two bookmarks on nearby slices")
                .isPositive();
    }

    @Test
    void hardExampleMiningWeighsTheTrainingLesionsTheProposalsMissAndIsRecordedWithTheRun() throws IOException {
        DetectorManifest manifest = ModelDirectory.open(
                        lake, trained.modelId(), spark.sparkContext().hadoopConfiguration())
                .manifest();

        assertThat(manifest.metrics().get("proposal_missed_train"))
                .as("the share of training lesions the best %d proposals missed at the last mining", HardLesions.TOP)
                .isNotNull()
                .isBetween(0.0, 1.0);
        assertThat(parameters(trained.modelId())).containsEntry("hard_mining", "1");
    }

    @Test
    void detectionRunsOnEveryKeySliceOfTheSplitAndDetectingAgainReplacesItsRows() throws IOException {
        DetectSummary first = detectedTrain;
        DetectSummary again = new DetectJob(spark, new DetectOptions(lake.root(), trained.modelId(), "train")).run();

        List<Row> rows = lake.read(LakeTable.DETECTIONS)
                .orElseThrow()
                .filter(col("model_id")
                        .equalTo(trained.modelId())
                        .and(col("split").equalTo("train")))
                .collectAsList();
        assertThat(rows).hasSize((int) again.detections());
        assertThat(first.detections()).isEqualTo(again.detections()).isPositive();
        assertThat(again.images()).isEqualTo(trained.images());
        Map<String, Row> slices = new HashMap<>();
        for (Row r : lake.read(LakeTable.SLICES)
                .orElseThrow()
                .select("sop_instance_uid", "rows", "columns")
                .collectAsList()) {
            slices.put(r.getString(0), r);
        }
        Set<String> images = new HashSet<>();
        for (Row r : rows) {
            Row slice = slices.get(r.<String>getAs("sop_instance_uid"));
            assertThat(slice).as("detections lie on key slices of the lake").isNotNull();
            images.add(r.getAs("sop_instance_uid"));
            assertThat(r.<Integer>getAs("rank")).isBetween(0, 23);
            assertThat(r.<String>getAs("class_name")).isEqualTo("lesion");
            assertThat(r.<String>getAs("split")).isEqualTo("train");
            assertThat(r.<Double>getAs("score")).isBetween(0.0, 1.0);
            assertThat(r.<Double>getAs("x1")).isBetween(0.0, r.<Double>getAs("x2"));
            assertThat(r.<Double>getAs("x2")).isLessThanOrEqualTo(slice.getInt(2) - 1.0);
            assertThat(r.<Double>getAs("y2")).isLessThanOrEqualTo(slice.getInt(1) - 1.0);
        }
        assertThat(images).hasSize((int) trained.images());
        Map<String, List<Double>> scoresByImage = new HashMap<>();
        rows.stream()
                .sorted(Comparator.comparingInt(r -> r.<Integer>getAs("rank")))
                .forEach(r -> scoresByImage
                        .computeIfAbsent(r.getAs("sop_instance_uid"), k -> new ArrayList<>())
                        .add(r.getAs("score")));
        assertThat(scoresByImage.values())
                .allSatisfy(scores -> assertThat(scores).isSortedAccordingTo(Comparator.reverseOrder()));
    }

    @Test
    void detectionOverWholeSeriesSearchesEverySliceOfThemAndFindsTheSameOnTheKeySlices() throws IOException {
        DetectSummary keySlices =
                new DetectJob(spark, new DetectOptions(lake.root(), trained.modelId(), "validation")).run();
        List<String> onKeySlices = detections("validation");
        DetectSummary wholeSeries =
                new DetectJob(spark, new DetectOptions(lake.root(), trained.modelId(), "validation", true)).run();
        List<String> onWholeSeries = detections("validation");

        Dataset<Row> slices = lake.read(LakeTable.SLICES).orElseThrow();
        Dataset<Row> keys = lake.read(LakeTable.LESIONS)
                .orElseThrow()
                .filter(col("split").equalTo("validation"))
                .select("sop_instance_uid")
                .distinct();
        Dataset<Row> series =
                slices.join(keys, "sop_instance_uid").select("series_uid").distinct();
        Set<String> seriesSlices = new HashSet<>(slices.join(series, "series_uid")
                .select("sop_instance_uid")
                .as(Encoders.STRING())
                .collectAsList());
        Set<String> keySops = new HashSet<>(keys.as(Encoders.STRING()).collectAsList());
        assertThat(wholeSeries.images()).isEqualTo(seriesSlices.size()).isGreaterThan(2 * keySlices.images());
        assertThat(onWholeSeries).allSatisfy(d -> assertThat(seriesSlices).contains(sopOf(d)));
        assertThat(onWholeSeries.stream().map(DetectorPipelineTest::sopOf).distinct())
                .as("detections beyond the key slices")
                .hasSizeGreaterThan(keySops.size());
        assertThat(onWholeSeries.stream().filter(d -> keySops.contains(sopOf(d))))
                .as("the key slices' detections, as detect on key slices alone gave them")
                .containsExactlyElementsOf(onKeySlices)
                .isNotEmpty();
    }

    @Test
    void aDetectRunMayTurnTheModelsMirrorViewOffAndRecordsWhichItUsed() throws IOException {
        DetectSummary modelSetting =
                new DetectJob(spark, new DetectOptions(lake.root(), trained.modelId(), "validation")).run();
        List<String> withFlip = detections("validation");
        DetectSummary noFlip = new DetectJob(
                        spark, new DetectOptions(lake.root(), trained.modelId(), "validation", false, false))
                .run();
        List<String> withoutFlip = detections("validation");

        assertThat(withoutFlip).isNotEmpty().isNotEqualTo(withFlip);
        assertThat(parameters(modelSetting.runId())).containsEntry("flip", "true");
        assertThat(parameters(noFlip.runId())).containsEntry("flip", "false");
    }

    private static Map<String, String> parameters(String runId) {
        Row run = lake.read(LakeTable.RUNS)
                .orElseThrow()
                .filter(col("run_id").equalTo(runId))
                .first();
        return run.getJavaMap(run.fieldIndex("parameters"));
    }

    /** The slice a line of {@link #detections} lies on. */
    private static String sopOf(String detection) {
        return detection.substring(0, detection.indexOf(' '));
    }

    /** The model's detections on a split, one line per box, in key order. */
    private static List<String> detections(String split) {
        return lake.read(LakeTable.DETECTIONS)
                .orElseThrow()
                .filter(col("model_id")
                        .equalTo(trained.modelId())
                        .and(col("split").equalTo(split)))
                .orderBy("sop_instance_uid", "frame_index", "rank")
                .selectExpr("concat_ws(' ', sop_instance_uid, frame_index, rank, x1, y1, x2, y2, score, class_index)")
                .as(Encoders.STRING())
                .collectAsList();
    }

    @Test
    void evaluateTakesTheModelDirectoryThatDetectTookAsWellAsItsId() throws IOException {
        EvaluateSummary byDirectory = new EvaluateJob(
                        spark, new EvaluateOptions(lake.root(), List.of(trained.modelDir()), "train", null, 2, 1))
                .run();

        assertThat(byDirectory.models())
                .extracting(EvaluateSummary.Evaluation::name)
                .containsExactly(trained.modelId());
        assertThat(byDirectory.models().get(0).label())
                .matches("(pseudo labels \\(k=\\d+\\)|single class) \\[" + DetectorManifest.shortId(trained.modelId())
                        + "\\]");
        assertThat((long) byDirectory.lesions()).isEqualTo(trained.lesions());
        assertThatThrownBy(() -> new EvaluateJob(
                                spark,
                                new EvaluateOptions(
                                        lake.root(),
                                        List.of(trained.modelId(), trained.modelDir()),
                                        "train",
                                        null,
                                        2,
                                        1))
                        .run())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("names a model twice");
    }

    @Test
    void theDetectorFindsTheLesionsOfUnseenPatientsFarMoreOftenThanRandomBoxes() throws IOException {
        new DetectJob(spark, new DetectOptions(lake.root(), trained.modelId(), "test")).run();
        EvaluateSummary evaluated = new EvaluateJob(
                        spark,
                        new EvaluateOptions(
                                lake.root(),
                                List.of(trained.modelId()),
                                "test",
                                dir.resolve("archive/truth.json").toString(),
                                2,
                                1))
                .run();
        System.out.println(evaluated.lines());

        assertThat(evaluated.lesions()).as("enough unseen lesions to tell").isGreaterThanOrEqualTo(40);
        FrocResult detector = evaluated.model(trained.modelId()).bookmarked();
        FrocResult random = evaluated.baseline().bookmarked();
        assertThat(detector.sensitivityAt(4))
                .as("sensitivity at 4 FP per image; random boxes: %s", random.sensitivityAt(4))
                .isGreaterThanOrEqualTo(Math.max(0.12, 4 * random.sensitivityAt(4)));
        assertThat(detector.sensitivityAt(8))
                .as("sensitivity at 8 FP per image; random boxes: %s", random.sensitivityAt(8))
                .isGreaterThanOrEqualTo(Math.max(0.2, 3 * random.sensitivityAt(8)));
    }

    @Test
    void selfTrainingMinesUnbookmarkedLesionsOnTheTrainingSlicesAndTrainsAStudentOnThem() throws IOException {
        TrainOptions options = options(TrainOptions.SINGLE, 1, 1, false)
                .withClasses(
                        TrainOptions.SINGLE,
                        new TrainOptions.Extras(
                                null,
                                dir.resolve("archive/truth.json").toString(),
                                false,
                                1,
                                // the one-epoch teacher's scores are low, lower still where parts taught it 0.5
                                0.2,
                                trained.modelId(),
                                TrainOptions.Extras.DEFAULT_HARD_MINING,
                                TrainOptions.Extras.DEFAULT_SECTION_REACH,
                                TrainOptions.Extras.DEFAULT_PART_TARGET,
                                TrainOptions.Extras.DEFAULT_AVERAGE_LAST));

        SelfTraining.Result result = new SelfTraining(spark, options).run();
        result.roundLines().forEach(System.out::println);

        assertThat(result.teachers())
                .as("the given teacher was not trained again")
                .isEmpty();
        assertThat(result.rounds()).hasSize(1);
        LesionMining.Round round = result.rounds().get(0);
        TrainSummary teacher = trained;
        assertThat(round.teacher()).isEqualTo(teacher.modelId());
        assertThat(round.mined().count())
                .as("a teacher that finds lesions finds some nobody bookmarked")
                .isPositive()
                .isLessThanOrEqualTo(round.candidates());
        assertThat(round.unbookmarked())
                .as("the cohort has 2-3 lesions per series, one bookmarked")
                .isPositive();
        assertThat(round.trueMined()).isBetween(0, round.mined().count());
        Map<String, ImageTruth> bookmarks = TrainingTruth.of(lake, List.of("train"), Map.of(), 0, false);
        round.mined().boxes().forEach((sop, boxes) -> {
            assertThat(bookmarks).containsKey(sop);
            for (var box : boxes) {
                assertThat(bookmarks.get(sop).boxes())
                        .allSatisfy(b -> assertThat(b.iou(box)).isLessThan(LesionMining.KNOWN_IOU));
            }
        });
        assertThat(result.model().lesions())
                .as("the student trains on the bookmarks and the mined lesions")
                .isEqualTo(teacher.lesions() + round.mined().count());
        assertThat(parameters(result.model().modelId()))
                .containsEntry("mined_by", teacher.modelId())
                .containsEntry("mined_lesions", Integer.toString(round.mined().count()));
    }

    @Test
    void pseudoLabelClassesNeedACategorizeRunFirst() {
        assertThatThrownBy(() -> new TrainJob(spark, options(TrainOptions.PSEUDO, 1, 1, false)).run())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no pseudo labels")
                .hasMessageContaining("--classes single");
    }

    @Test
    void aTrainingRunKilledAfterACheckpointResumesFromIt() throws Exception {
        Path models = dir.resolve("lake/models");
        Set<String> before = names(models);
        Process driver = ChildDriver.start(
                dir.resolve("killed-train.log"),
                "train",
                "--lake",
                lake.root(),
                "--classes",
                "single",
                "--proposal-epochs",
                "4",
                "--region-epochs",
                "1",
                "--spacing",
                "4",
                "--patch",
                "48",
                "--stride",
                "8",
                "--patches-per-image",
                "8",
                "--batch",
                "8",
                "--region-batch",
                "32",
                "--negatives-per-image",
                "6",
                "--averaging-frequency",
                "2",
                "--average-last",
                "2",
                "--seed",
                "5");
        // progress.json is written after the epoch's network: from then on the epoch counts as done.
        assertThat(ChildDriver.killWhen(driver, () -> checkpointed(models, before, "progress.json")))
                .as("killed after its first checkpoint (see killed-train.log)")
                .isTrue();
        Set<String> killed = names(models);
        killed.removeAll(before);
        assertThat(killed).hasSize(1);
        String run = killed.iterator().next();
        long firstCheckpoint = Files.getLastModifiedTime(
                        models.resolve(run).resolve("checkpoints/proposals-epoch-001.zip"))
                .toMillis();

        TrainOptions started = new TrainOptions(
                lake.root(),
                TrainOptions.SINGLE,
                List.of("train"),
                4,
                1,
                8,
                8,
                32,
                6,
                2,
                5,
                true,
                CLI_GEOMETRY,
                DetectorSettings.defaults());
        TrainOptions asStarted =
                started.withClasses(TrainOptions.SINGLE, started.extras().withAverageLast(2));
        assertThatThrownBy(() -> new TrainJob(
                                spark,
                                asStarted
                                        .withSeed(6)
                                        .withClasses(
                                                TrainOptions.SINGLE,
                                                asStarted.extras().withSectionReach(0)))
                        .run())
                .as("resumed with other options")
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(run + " cannot resume with --seed 6 (started with 5), --section-reach 0.0"
                        + " (started with " + TrainOptions.Extras.DEFAULT_SECTION_REACH
                        + "); resume with the options it started with");

        TrainSummary resumed = new TrainJob(spark, asStarted).run();

        assertThat(resumed.modelId()).isEqualTo(run);
        assertThat(models.resolve(run).resolve(ModelDirectory.MANIFEST)).isNotEmptyFile();
        assertThat(Files.getLastModifiedTime(models.resolve(run).resolve("checkpoints/proposals-epoch-001.zip"))
                        .toMillis())
                .as("epoch 1 was not trained again")
                .isEqualTo(firstCheckpoint);
        INDArray third = proposalWeights(models.resolve(run).resolve("checkpoints/proposals-epoch-003.zip"));
        INDArray fourth = proposalWeights(models.resolve(run).resolve("checkpoints/proposals-epoch-004.zip"));
        INDArray finished = proposalWeights(models.resolve(run).resolve(ModelDirectory.PROPOSALS));
        double largest = third.sub(fourth).amaxNumber().doubleValue();
        assertThat(largest).as("the last epoch moved the weights").isGreaterThan(1e-4);
        assertThat(finished.sub(third.add(fourth).div(2)).amaxNumber().doubleValue())
                .as("the finished proposal network is the mean of its last two epochs (--average-last 2)")
                .isLessThan(1e-3 * largest);
        assertThatThrownBy(() -> new TrainJob(spark, options(TrainOptions.SINGLE, 1, 1, true)).run())
                .as("nothing is left to resume")
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no unfinished training run");
    }

    private static INDArray proposalWeights(Path network) throws IOException {
        return ModelDirectory.network(Files.readAllBytes(network), network.toString())
                .params();
    }

    private static boolean checkpointed(Path models, Set<String> before, String file) {
        try {
            Set<String> now = names(models);
            now.removeAll(before);
            return now.stream().anyMatch(run -> Files.exists(models.resolve(run).resolve("checkpoints/" + file)));
        } catch (IOException e) {
            return false;
        }
    }

    private static Set<String> names(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return new HashSet<>();
        }
        try (Stream<Path> list = Files.list(dir)) {
            return new HashSet<>(list.map(p -> p.getFileName().toString()).toList());
        }
    }
}
