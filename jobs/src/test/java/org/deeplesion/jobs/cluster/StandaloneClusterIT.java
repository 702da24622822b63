package org.deeplesion.jobs.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.deeplesion.detect.DetectorGeometry;
import org.deeplesion.detect.ProposalNetwork;
import org.deeplesion.detect.RegionClassifier;
import org.deeplesion.jobs.TestArchives;
import org.deeplesion.synth.CohortTruth;
import org.deeplesion.synth.LesionTruth;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The shaded job jar on a real Spark standalone cluster: a master and two one-core workers on loopback, each its
 * own JVM, and ingest, mine, categorize, train and detect submitted in client mode through scripts/submit with
 * conf/standalone.conf. Categorize and train fit their networks across both executors (DL4J parameter averaging),
 * so the networks, the training minibatches and ND4J's natives all cross process boundaries.
 */
@Timeout(value = 12, unit = TimeUnit.MINUTES)
class StandaloneClusterIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** What train's --spacing 1 --patch 32 make of the CLI's geometry: 32 px patches of the small test slices. */
    private static final DetectorGeometry TRAIN_GEOMETRY = withSpacingAndPatch(DetectorGeometry.defaults(), 1.0, 32);

    private static final long TRAIN_SEED = 5;
    private static final Pattern TRAINED = Pattern.compile("^train: model (\\S+), .* -> (\\S+)$", Pattern.MULTILINE);

    @TempDir
    static Path dir;

    private static StandaloneCluster cluster;
    private static CohortTruth truth;
    private static Submitted ingest;
    private static Submitted mine;
    private static Submitted categorize;
    private static Submitted train;
    private static Submitted detect;
    private static String lake;

    /** One spark-submit: its exit code and what the driver printed. */
    record Submitted(int exitCode, String out, String err) {}

    @BeforeAll
    static void startClusterAndRunThePipeline() throws Exception {
        List<Path> sparkJars = Stream.of(Files.readString(Path.of(System.getProperty("spark.classpath.file")))
                        .trim()
                        .split(File.pathSeparator))
                .map(Path::of)
                .toList();
        cluster = StandaloneCluster.start(dir.resolve("cluster"), sparkJars, 2, "1g");
        truth = TestArchives.cohort(dir.resolve("archive"), 2, 61);
        lake = dir.resolve("lake").toUri().toString();
        ingest = submit(
                "ingest",
                "--input",
                dir.resolve("archive/dicom").toUri().toString(),
                "--lake",
                lake,
                "--files-per-task",
                "4");
        // Every patient in train, so that training and detection both have the whole cohort.
        mine = submit("mine", "--lake", lake, "--train", "1", "--validation", "0");
        // Two rounds: the network is trained on round 1's clusters between them.
        categorize = submit(
                "categorize",
                "--lake",
                lake,
                "--k",
                "2",
                "--rounds",
                "2",
                "--epochs",
                "1",
                "--embedding-size",
                "8",
                "--crop-size",
                "16",
                "--crop-spacings",
                "2.0",
                "--seed",
                "1");
        // A minibatch file per key slice (four patches of four), averaged after every file each worker fits: several
        // rounds of parameter averaging across the two executors per epoch.
        train = submit(
                "train",
                "--lake",
                lake,
                "--classes",
                "pseudo",
                "--proposal-epochs",
                "2",
                "--region-epochs",
                "1",
                "--spacing",
                Double.toString(TRAIN_GEOMETRY.spacingMm()),
                "--patch",
                Integer.toString(TRAIN_GEOMETRY.patchPx()),
                "--patches-per-image",
                "4",
                "--batch",
                "4",
                "--region-batch",
                "16",
                "--negatives-per-image",
                "4",
                "--averaging-frequency",
                "1",
                "--seed",
                Long.toString(TRAIN_SEED));
        detect = train.exitCode() == 0
                ? submit("detect", "--lake", lake, "--model", trainedModelId(), "--split", "train")
                : null;
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static Submitted submit(String... command) throws IOException, InterruptedException {
        Path root = Path.of(System.getProperty("project.root"));
        Path events = Files.createDirectories(dir.resolve("events"));
        List<String> args = new ArrayList<>(List.of(
                root.resolve("scripts/submit").toString(),
                "--master",
                cluster.masterUrl(),
                "--properties-file",
                root.resolve("conf/standalone.conf").toString(),
                // Sized for a test machine; the conf file's values are for real nodes.
                "--conf",
                "spark.executor.cores=1",
                "--conf",
                "spark.cores.max=2",
                "--conf",
                "spark.executor.memory=640m",
                "--conf",
                "spark.driver.memory=1g",
                "--conf",
                "spark.sql.shuffle.partitions=4",
                // Short-lived JVMs on a shared 2-core machine: the C1 compiler alone made this test a third faster.
                "--conf",
                "spark.driver.extraJavaOptions=-XX:TieredStopAtLevel=1 -XX:+UseSerialGC",
                "--conf",
                "spark.executor.extraJavaOptions=-XX:TieredStopAtLevel=1 -XX:+UseSerialGC",
                // Start tasks only once both executors are there, so both must do work.
                "--conf",
                "spark.scheduler.minRegisteredResourcesRatio=1.0",
                "--conf",
                "spark.scheduler.maxRegisteredResourcesWaitingTime=120s",
                "--conf",
                "spark.ui.enabled=false",
                "--conf",
                "spark.eventLog.enabled=true",
                "--conf",
                "spark.eventLog.compress=false",
                "--conf",
                "spark.eventLog.dir=" + events.toUri(),
                "--conf",
                "spark.jars.ivy=" + dir.resolve("ivy"),
                "--"));
        args.addAll(List.of(command));
        String name = command[0];
        Path out = dir.resolve(name + ".out");
        Path err = dir.resolve(name + ".err");
        ProcessBuilder pb =
                new ProcessBuilder(args).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().putAll(cluster.environment());
        pb.environment().put("DEEPLESION_JAR", System.getProperty("jobs.jar"));
        pb.environment().put("DEEPLESION_SECRET", "cluster-test-secret-0123456789");
        long started = System.nanoTime();
        Process p = pb.start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new AssertionError(name + " did not finish in 5 minutes:\n" + Files.readString(err) + cluster.logs());
        }
        System.err.printf(
                "StandaloneClusterIT: %s ran %.1f s on the cluster%n", name, (System.nanoTime() - started) / 1e9);
        return new Submitted(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    private static long truthSlices() {
        return truth.patients().stream()
                .flatMap(p -> p.studies().stream())
                .flatMap(s -> s.series().stream())
                .mapToLong(s -> s.sliceCount())
                .sum();
    }

    private static long bookmarks() {
        return truth.lesions().stream().filter(LesionTruth::bookmarked).count();
    }

    @Test
    void ingestAndMineSucceedOnTheClusterWithTheTruthsCounts() throws IOException {
        for (Submitted s : List.of(ingest, mine)) {
            assertThat(s.exitCode()).as(s.err()).isZero();
        }

        assertThat(ingest.out()).startsWith("ingest: " + truthSlices() + " slices");
        assertThat(mine.out()).startsWith("mine: " + bookmarks() + " lesions");
        assertThat(committedRows("slices")).isEqualTo(truthSlices());
        assertThat(committedRows("lesions")).isEqualTo(bookmarks());
    }

    @Test
    void everyJobRecordedItsSucceededRun() throws IOException {
        assertThat(committedRuns())
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "ingest",
                        List.of("succeeded"),
                        "mine",
                        List.of("succeeded"),
                        "categorize",
                        List.of("succeeded"),
                        "train",
                        List.of("succeeded"),
                        "detect",
                        List.of("succeeded")));
    }

    @Test
    void theMasterRanEachJobAsAnApplicationOnBothWorkers() throws IOException {
        JsonNode status = cluster.masterStatus();

        assertThat(status.path("aliveworkers").asInt()).isEqualTo(2);
        List<String> finished = new ArrayList<>();
        for (JsonNode app : status.path("completedapps")) {
            assertThat(app.path("state").asText()).as(app.toString()).isEqualTo("FINISHED");
            finished.add(app.path("name").asText());
        }
        assertThat(finished)
                .containsExactlyInAnyOrder(
                        "deeplesion-ingest",
                        "deeplesion-mine",
                        "deeplesion-categorize",
                        "deeplesion-train",
                        "deeplesion-detect");
    }

    @Test
    void bothExecutorsDecodedSlices() throws IOException {
        Map<String, Integer> tasksByExecutor = tasksByExecutor("deeplesion-ingest", stage -> true);

        assertThat(tasksByExecutor).hasSize(2).doesNotContainKey("driver");
        assertThat(tasksByExecutor.values()).allMatch(n -> n > 0);
    }

    @Test
    void categorizeLabelsEveryLesionWithANetworkFittedOnBothExecutors() throws IOException {
        assertThat(categorize.exitCode()).as(categorize.err()).isZero();

        assertThat(categorize.out()).startsWith("categorize: ");
        assertThat(committedRows("pseudo_labels")).isEqualTo(bookmarks());
        assertThat(committedRows("embeddings")).as("two rounds of embeddings").isEqualTo(2 * bookmarks());
        assertThat(fittingTasksByExecutor("deeplesion-categorize"))
                .as("fitting tasks by executor")
                .hasSize(2)
                .doesNotContainKey("driver");
    }

    @Test
    void trainWritesTheModelAndACheckpointPerEpochFittedOnBothExecutors() throws IOException {
        assertThat(train.exitCode()).as(train.err()).isZero();
        Path model = trainedModel();

        for (String file : List.of(
                "detector.json",
                "proposals.zip",
                "regions.zip",
                "checkpoints/progress.json",
                "checkpoints/proposals-epoch-001.zip",
                "checkpoints/proposals-epoch-002.zip",
                "checkpoints/regions-epoch-001.zip")) {
            assertThat(model.resolve(file)).isNotEmptyFile();
        }
        assertThat(model.resolve("datasets"))
                .as("the exported minibatches are deleted")
                .doesNotExist();
        JsonNode manifest = JSON.readTree(model.resolve("detector.json").toFile());
        assertThat(manifest.path("classNames")).as(manifest.toString()).hasSize(2);
        assertThat(fittingTasksByExecutor("deeplesion-train"))
                .as("fitting tasks by executor")
                .hasSize(2)
                .doesNotContainKey("driver");
    }

    @Test
    void theAveragedNetworksDifferFromTheirSeededInitialisation() throws IOException {
        assertThat(train.exitCode()).as(train.err()).isZero();
        Path model = trainedModel();
        ComputationGraph proposals = ModelSerializer.restoreComputationGraph(
                model.resolve("proposals.zip").toFile());
        ComputationGraph regions = ModelSerializer.restoreComputationGraph(
                model.resolve("regions.zip").toFile());
        ComputationGraph lastCheckpoint = ModelSerializer.restoreComputationGraph(
                model.resolve("checkpoints/proposals-epoch-002.zip").toFile());

        assertThat(largestDifference(
                        ProposalNetwork.create(TRAIN_GEOMETRY, TRAIN_SEED),
                        ProposalNetwork.create(TRAIN_GEOMETRY, TRAIN_SEED)))
                .as("the seed alone fixes the initialisation")
                .isZero();
        assertThat(largestDifference(proposals, ProposalNetwork.create(TRAIN_GEOMETRY, TRAIN_SEED)))
                .isGreaterThan(1e-4);
        assertThat(largestDifference(regions, RegionClassifier.create(2, TRAIN_GEOMETRY, TRAIN_SEED)))
                .isGreaterThan(1e-4);
        assertThat(largestDifference(proposals, lastCheckpoint))
                .as("the model is its last epoch's network")
                .isZero();
    }

    @Test
    void detectWithTheClusterTrainedModelWritesItsDetections() throws IOException {
        assertThat(detect)
                .as("detect runs once train succeeded: %s", train.err())
                .isNotNull();
        assertThat(detect.exitCode()).as(detect.err()).isZero();

        Matcher line = Pattern.compile(
                        "^detect: model (\\S+) on (\\d+) train key slices: (\\d+) detections", Pattern.MULTILINE)
                .matcher(detect.out());
        assertThat(line.find()).as(detect.out()).isTrue();
        assertThat(line.group(1)).isEqualTo(trainedModelId());
        JsonNode manifest =
                JSON.readTree(trainedModel().resolve("detector.json").toFile());
        assertThat(Long.parseLong(line.group(2)))
                .isEqualTo(manifest.path("trainImages").asLong())
                .isPositive();
        assertThat(Long.parseLong(line.group(3))).isPositive().isEqualTo(committedRows("detections"));
    }

    private static String trainedModelId() {
        return trainLine().group(1);
    }

    private static Path trainedModel() {
        return Path.of(URI.create(trainLine().group(2)));
    }

    private static Matcher trainLine() {
        Matcher m = TRAINED.matcher(train.out());
        if (!m.find()) {
            throw new AssertionError("train printed no model line: " + train.out());
        }
        return m;
    }

    private static DetectorGeometry withSpacingAndPatch(DetectorGeometry d, double spacingMm, int patchPx) {
        return new DetectorGeometry(
                spacingMm,
                d.intervalMm(),
                d.window(),
                d.stride(),
                patchPx,
                d.regionPx(),
                d.regionContext(),
                d.minRegionMm());
    }

    /** The largest absolute difference between two networks' parameters, which must have the same shape. */
    private static double largestDifference(ComputationGraph a, ComputationGraph b) {
        INDArray x = a.params();
        INDArray y = b.params();
        assertThat(x.shape()).isEqualTo(y.shape());
        return Transforms.abs(x.sub(y)).maxNumber().doubleValue();
    }

    /**
     * The live files of a table's current version, each with the statistics Delta keeps for it, read from its Delta
     * log here (the files the log adds and has not removed), so that the checks need no Spark of their own.
     */
    private static Map<String, JsonNode> committedFiles(String table) throws IOException {
        Map<String, JsonNode> live = new HashMap<>();
        Path log = Path.of(URI.create(lake)).resolve(table).resolve("_delta_log");
        try (Stream<Path> commits = Files.list(log)) {
            for (Path commit :
                    commits.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                for (String line : Files.readAllLines(commit)) {
                    JsonNode action = JSON.readTree(line);
                    if (action.has("add")) {
                        JsonNode add = action.get("add");
                        live.put(
                                add.get("path").asText(),
                                JSON.readTree(add.get("stats").asText()));
                    } else if (action.has("remove")) {
                        live.remove(action.get("remove").get("path").asText());
                    }
                }
            }
        }
        return live;
    }

    private static long committedRows(String table) throws IOException {
        return committedFiles(table).values().stream()
                .mapToLong(s -> s.get("numRecords").asLong())
                .sum();
    }

    /** The statuses of the runs table's rows by job, from the bounds Delta keeps per file of one row each. */
    private static Map<String, List<String>> committedRuns() throws IOException {
        Map<String, List<String>> out = new HashMap<>();
        for (Map.Entry<String, JsonNode> file : committedFiles("runs").entrySet()) {
            JsonNode stats = file.getValue();
            assertThat(stats.path("numRecords").asLong())
                    .as("rows of %s", file.getKey())
                    .isEqualTo(1);
            out.computeIfAbsent(stats.path("minValues").path("job").asText(), job -> new ArrayList<>())
                    .add(stats.path("minValues").path("status").asText());
        }
        return out;
    }

    /**
     * Finished tasks per executor of the stages that fit the network: those running the function that DL4J's
     * parameter averaging maps over the partitions of each split, one worker's fitting per task.
     */
    private static Map<String, Integer> fittingTasksByExecutor(String appName) throws IOException {
        return tasksByExecutor(appName, stage -> {
            for (JsonNode rdd : stage.path("RDD Info")) {
                if (rdd.path("Callsite").asText().startsWith("mapPartitions at ParameterAveragingTrainingMaster")) {
                    return true;
                }
            }
            return false;
        });
    }

    /**
     * Successful tasks per executor, from the application's event log, of the stages whose info matches; an
     * executor that ran none of them is absent.
     */
    private static Map<String, Integer> tasksByExecutor(String appName, Predicate<JsonNode> stageInfo)
            throws IOException {
        try (Stream<Path> logs = Files.list(dir.resolve("events"))) {
            for (Path log : logs.toList()) {
                List<JsonNode> events = new ArrayList<>();
                for (String line : Files.readAllLines(log)) {
                    events.add(JSON.readTree(line));
                }
                boolean thisApp = events.stream()
                        .anyMatch(e -> e.path("Event").asText().equals("SparkListenerApplicationStart")
                                && e.path("App Name").asText().equals(appName));
                if (!thisApp) {
                    continue;
                }
                Set<Integer> stages = new HashSet<>();
                for (JsonNode e : events) {
                    if (e.path("Event").asText().equals("SparkListenerStageSubmitted")
                            && stageInfo.test(e.path("Stage Info"))) {
                        stages.add(e.path("Stage Info").path("Stage ID").asInt());
                    }
                }
                Map<String, Integer> out = new HashMap<>();
                for (JsonNode e : events) {
                    if (e.path("Event").asText().equals("SparkListenerTaskEnd")
                            && stages.contains(e.path("Stage ID").asInt())
                            && e.path("Task End Reason").path("Reason").asText().equals("Success")) {
                        out.merge(e.path("Task Info").path("Executor ID").asText(), 1, Integer::sum);
                    }
                }
                return out;
            }
        }
        throw new AssertionError("no event log of " + appName + " in " + dir.resolve("events"));
    }
}
