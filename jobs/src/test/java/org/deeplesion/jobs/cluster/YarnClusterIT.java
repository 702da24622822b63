package org.deeplesion.jobs.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.deeplesion.jobs.TestArchives;
import org.deeplesion.synth.CohortTruth;
import org.deeplesion.synth.LesionTruth;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shaded job jar on real YARN and HDFS daemons ({@link YarnCluster}: a ResourceManager with two NodeManagers
 * that launch containers as separate JVMs, a NameNode and a DataNode), submitted through scripts/submit with the
 * files in conf/ as the README tells users. Cluster mode with conf/yarn-cluster.conf: ingest of an archive copied
 * to HDFS, mine, categorize and a short train, the lake on HDFS and the secret given as a Spark conf. Client mode
 * with conf/yarn-client.conf: ingest, during which one executor container is killed, and mine.
 */
@Timeout(value = 45, unit = TimeUnit.MINUTES)
class YarnClusterIT {

    private static final Logger LOG = LoggerFactory.getLogger(YarnClusterIT.class);
    /** Unique per run, so that finding it anywhere can only mean it leaked. */
    private static final String SECRET = "yarn-it-secret-" + UUID.randomUUID();

    private static final Duration SUBMIT_CEILING = Duration.ofMinutes(15);

    @TempDir
    static Path dir;

    private static YarnCluster cluster;
    private static SparkHome sparkHome;
    private static CohortTruth truth;
    private static final Map<String, Submitted> CLUSTER_MODE = new HashMap<>();
    private static final Map<String, Submitted> CLIENT_MODE = new HashMap<>();
    private static String clusterLake;
    private static String clientLake;
    private static String killedContainer;

    /** One spark-submit: its exit code and what it printed. */
    record Submitted(int exitCode, String out, String err) {}

    @BeforeAll
    static void startClusterAndRunThePipeline() throws Exception {
        sparkHome = SparkHome.fromClasspathFile(dir.resolve("spark-home"));
        // Each NodeManager fits one executor (4 cores, as conf/yarn-*.conf ask) beside one application master.
        cluster = YarnCluster.start(dir.resolve("yarn"), 2, 3072, 5);

        truth = TestArchives.cohort(dir.resolve("archive"), 2, 61);
        FileSystem hdfs = cluster.fileSystem();
        hdfs.copyFromLocalFile(
                new org.apache.hadoop.fs.Path(dir.resolve("archive/dicom").toUri()),
                new org.apache.hadoop.fs.Path("/archive/dicom"));
        hdfs.mkdirs(new org.apache.hadoop.fs.Path("/spark-events"));
        String archive = cluster.hdfsUri() + "/archive/dicom";

        clusterLake = cluster.hdfsUri() + "/lake/cluster";
        clusterMode("ingest", "--input", archive, "--lake", clusterLake, "--files-per-task", "4");
        // Every patient in train: the secret, and so each patient's split, is new each run, and with two patients the
        // default fractions left the train split empty about one run in eleven.
        clusterMode("mine", "--lake", clusterLake, "--train", "1", "--validation", "0");
        clusterMode(
                "categorize",
                "--lake",
                clusterLake,
                "--k",
                "2",
                "--rounds",
                "1",
                "--epochs",
                "1",
                "--embedding-size",
                "16");
        clusterMode(
                "train",
                "--lake",
                clusterLake,
                "--proposal-epochs",
                "1",
                "--region-epochs",
                "1",
                "--spacing",
                "4",
                "--patch",
                "48",
                "--patches-per-image",
                "2",
                "--negatives-per-image",
                "2",
                "--batch",
                "8",
                "--region-batch",
                "32",
                "--averaging-frequency",
                "2");

        clientLake = cluster.hdfsUri() + "/lake/client";
        Process ingest = start(false, "ingest", "--input", archive, "--lake", clientLake, "--files-per-task", "2");
        killedContainer = killAnExecutorOnceItRunsATask("deeplesion-ingest", ingest);
        CLIENT_MODE.put("ingest", finish("client-ingest", ingest));
        CLIENT_MODE.put("mine", finish("client-mine", start(false, "mine", "--lake", clientLake)));
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static void clusterMode(String... command) throws IOException, InterruptedException {
        CLUSTER_MODE.put(command[0], finish("cluster-" + command[0], start(true, command)));
    }

    private static Process start(boolean clusterMode, String... command) throws IOException {
        Path root = Path.of(System.getProperty("project.root"));
        List<String> args = new ArrayList<>(List.of(
                root.resolve("scripts/submit").toString(),
                "--properties-file",
                root.resolve(clusterMode ? "conf/yarn-cluster.conf" : "conf/yarn-client.conf")
                        .toString(),
                // Sized for a test machine; the conf files' sizes are for real nodes.
                "--conf",
                "spark.executor.memory=640m",
                "--conf",
                "spark.executor.memoryOverhead=768m",
                "--conf",
                "spark.driver.memory=1g",
                "--conf",
                "spark.driver.memoryOverhead=512m",
                "--conf",
                "spark.yarn.am.memory=384m",
                "--conf",
                "spark.sql.shuffle.partitions=4",
                // Two executors from the start, one on each NodeManager, and tasks only once both are there.
                "--conf",
                "spark.dynamicAllocation.minExecutors=2",
                "--conf",
                "spark.scheduler.minRegisteredResourcesRatio=1.0",
                "--conf",
                "spark.scheduler.maxRegisteredResourcesWaitingTime=120s",
                // Site settings: the NodeManagers' shuffle service, and Spark's jars where every node has them.
                "--conf",
                "spark.shuffle.service.port=" + cluster.shuffleServicePort(),
                "--conf",
                "spark.yarn.jars=local:" + sparkHome.jars() + "/*",
                "--conf",
                "spark.driver.extraJavaOptions=-XX:TieredStopAtLevel=1 -XX:+UseSerialGC",
                "--conf",
                "spark.executor.extraJavaOptions=-XX:TieredStopAtLevel=1 -XX:+UseSerialGC",
                "--conf",
                "spark.ui.enabled=false",
                "--conf",
                "spark.eventLog.enabled=true",
                "--conf",
                "spark.eventLog.compress=false",
                "--conf",
                "spark.eventLog.dir=" + cluster.hdfsUri() + "/spark-events",
                "--conf",
                "spark.jars.ivy=" + dir.resolve("ivy")));
        if (clusterMode) {
            // As the README says for cluster mode: the driver does not see the submitting shell's environment.
            args.addAll(List.of("--conf", "spark.deeplesion.secret=" + SECRET));
        }
        args.add("--");
        args.addAll(List.of(command));
        String name = (clusterMode ? "cluster-" : "client-") + command[0];
        ProcessBuilder pb = new ProcessBuilder(args)
                .redirectOutput(dir.resolve(name + ".out").toFile())
                .redirectError(dir.resolve(name + ".err").toFile());
        pb.environment().putAll(cluster.environment());
        pb.environment().putAll(sparkHome.environment());
        pb.environment().put("DEEPLESION_JAR", System.getProperty("jobs.jar"));
        if (clusterMode) {
            pb.environment().remove("DEEPLESION_SECRET");
        } else {
            pb.environment().put("DEEPLESION_SECRET", SECRET);
        }
        LOG.info("submitting {}", name);
        return pb.start();
    }

    private static Submitted finish(String name, Process p) throws IOException, InterruptedException {
        long started = System.nanoTime();
        if (!p.waitFor(SUBMIT_CEILING.toSeconds(), TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new AssertionError(
                    name + " did not finish within " + SUBMIT_CEILING + ":\n" + tail(dir.resolve(name + ".err")));
        }
        System.err.printf(
                "YarnClusterIT: %s finished in %.1f s, exit code %d%n",
                name, (System.nanoTime() - started) / 1e9, p.exitValue());
        if (p.exitValue() != 0) {
            LOG.warn("{} failed:\n{}", name, tail(dir.resolve(name + ".err")));
        }
        return new Submitted(
                p.exitValue(),
                Files.readString(dir.resolve(name + ".out")),
                Files.readString(dir.resolve(name + ".err")));
    }

    /**
     * Waits until an executor container of the running application has started a task (its log says so), then
     * kills that container's JVM, found by the process id its NodeManager recorded. Returns the container's id.
     */
    private static String killAnExecutorOnceItRunsATask(String appName, Process submit) throws Exception {
        Path[] executorLog = new Path[1];
        YarnCluster.await("executor of " + appName + " running a task", SUBMIT_CEILING, () -> {
            if (!submit.isAlive()) {
                throw new AssertionError(appName + " ended before any executor ran a task");
            }
            executorLog[0] = runningApplication(appName)
                    .flatMap(YarnClusterIT::executorRunningATask)
                    .orElse(null);
            return executorLog[0] != null;
        });
        String container = executorLog[0].getParent().getFileName().toString();
        long pid = cluster.containerPid(ContainerId.fromString(container))
                .orElseThrow(() -> new AssertionError("no process id recorded for " + container));
        ProcessHandle launcher = ProcessHandle.of(pid)
                .orElseThrow(() -> new AssertionError(container + ": process " + pid + " is gone"));
        ProcessHandle jvm = Stream.concat(Stream.of(launcher), launcher.descendants())
                .filter(p -> p.info().commandLine().orElse("").contains("CoarseGrainedExecutorBackend"))
                .findFirst()
                .orElseThrow(() -> new AssertionError(container + ": no executor JVM under " + pid));
        LOG.info("killing executor container {} (JVM pid {})", container, jvm.pid());
        jvm.destroyForcibly();
        jvm.onExit().get(5, TimeUnit.MINUTES);
        return container;
    }

    private static Optional<ApplicationReport> runningApplication(String name) {
        try {
            return cluster.applications().stream()
                    .filter(a -> a.getName().equals(name))
                    .filter(a -> a.getYarnApplicationState() == YarnApplicationState.RUNNING)
                    .findFirst();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The log of an executor container that has started a task. */
    private static Optional<Path> executorRunningATask(ApplicationReport app) {
        for (Path stderr : executorLogs(app.getApplicationId().toString())) {
            try {
                if (Files.readString(stderr).contains("Running task")) {
                    return Optional.of(stderr);
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return Optional.empty();
    }

    /**
     * The stderr logs of one application's executor containers so far: every container but the first of an attempt,
     * which is the application master (with the driver in cluster mode).
     */
    private static List<Path> executorLogs(String applicationId) {
        return containers(applicationId).keySet().stream()
                .filter(c -> !c.getFileName().toString().endsWith("_000001"))
                .map(c -> c.resolve("stderr"))
                .filter(Files::exists)
                .toList();
    }

    /** Every container's log folder of one application, with the index of the NodeManager that ran it. */
    private static Map<Path, Integer> containers(String applicationId) {
        Map<Path, Integer> out = new HashMap<>();
        for (int nm = 0; nm < cluster.nodeManagers(); nm++) {
            for (Path logDir : cluster.logDirs(nm)) {
                Path app = logDir.resolve(applicationId);
                if (!Files.isDirectory(app)) {
                    continue;
                }
                try (Stream<Path> s = Files.list(app)) {
                    for (Path c : s.filter(p -> p.getFileName().toString().startsWith("container_"))
                            .toList()) {
                        out.put(c, nm);
                    }
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return out;
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

    private static DeltaLogReader table(String lake, String name) throws IOException {
        return new DeltaLogReader(cluster.fileSystem(), new org.apache.hadoop.fs.Path(lake, name));
    }

    @Test
    void everySubmissionSucceeded() {
        for (Map<String, Submitted> mode : List.of(CLUSTER_MODE, CLIENT_MODE)) {
            assertThat(mode).hasSize(mode == CLUSTER_MODE ? 4 : 2);
            mode.forEach((name, s) ->
                    assertThat(s.exitCode()).as(name + ":\n" + tail(s.err())).isZero());
        }
    }

    @Test
    void theResourceManagerRanEveryApplicationToSuccessOnBothNodeManagers() throws IOException {
        List<ApplicationReport> apps = cluster.applications();

        assertThat(apps)
                .extracting(ApplicationReport::getName)
                .containsExactlyInAnyOrder(
                        "deeplesion-ingest",
                        "deeplesion-mine",
                        "deeplesion-categorize",
                        "deeplesion-train",
                        "deeplesion-ingest",
                        "deeplesion-mine");
        for (ApplicationReport app : apps) {
            assertThat(app.getYarnApplicationState()).as(app.toString()).isEqualTo(YarnApplicationState.FINISHED);
            assertThat(app.getFinalApplicationStatus()).as(app.toString()).isEqualTo(FinalApplicationStatus.SUCCEEDED);
            assertThat(new HashSet<>(
                            containers(app.getApplicationId().toString()).values()))
                    .as("NodeManagers that ran containers of %s %s", app.getName(), app.getApplicationId())
                    .containsExactlyInAnyOrder(0, 1);
        }
    }

    @Test
    void theClusterModeLakeOnHdfsHoldsTheCohortsTruth() throws IOException {
        assertThat(table(clusterLake, "slices").rows()).isEqualTo(truthSlices());
        assertThat(table(clusterLake, "lesions").rows()).isEqualTo(bookmarks());
        assertThat(table(clusterLake, "pseudo_labels").rows()).isEqualTo(bookmarks());
        assertThat(table(clusterLake, "runs").column("job"))
                .containsExactlyInAnyOrder("ingest", "mine", "categorize", "train");
        assertThat(driverOutput("deeplesion-ingest")).startsWith("ingest: " + truthSlices() + " slices");
        assertThat(driverOutput("deeplesion-mine")).startsWith("mine: " + bookmarks() + " lesions");
        assertThat(driverOutput("deeplesion-categorize"))
                .startsWith("categorize: " + bookmarks() + " lesions in 2 clusters");
    }

    @Test
    void trainingAcrossExecutorsWroteTheModelItsCheckpointsAndItsRun() throws IOException {
        FileSystem fs = cluster.fileSystem();
        FileStatus[] models = fs.listStatus(new org.apache.hadoop.fs.Path(clusterLake, "models"));

        assertThat(models).hasSize(1);
        org.apache.hadoop.fs.Path model = models[0].getPath();
        for (String file : List.of("detector.json", "proposals.zip", "regions.zip", "checkpoints/progress.json")) {
            assertThat(fs.getFileStatus(new org.apache.hadoop.fs.Path(model, file))
                            .getLen())
                    .as(file)
                    .isPositive();
        }
        assertThat(fs.listStatus(new org.apache.hadoop.fs.Path(model, "checkpoints")))
                .extracting(s -> s.getPath().getName())
                .filteredOn(n -> n.matches("[a-z]+-epoch-\\d+\\.zip"))
                .hasSizeGreaterThanOrEqualTo(2);
        assertThat(table(clusterLake, "runs").column("run_id")).contains(model.getName());
    }

    @Test
    void theTrainingsExecutorsRanEachTasksNativeOpsOnTheTasksOneCore() throws IOException {
        // conf/yarn-cluster.conf gives each task one of its executor's four cores: YARN starts the executors with
        // OMP_NUM_THREADS at that share, and the first task of each JVM that runs a network logs what its ops use.
        String train = firstApplicationId("deeplesion-train").orElseThrow();
        Pattern reportLine = Pattern.compile("native threads per task: (\\S+) \\(OMP_NUM_THREADS=(\\S+)\\)");
        List<String> reported = new ArrayList<>();
        for (Path stderr : executorLogs(train)) {
            Matcher report = reportLine.matcher(Files.readString(stderr));
            while (report.find()) {
                reported.add(report.group(1) + " threads, OMP_NUM_THREADS=" + report.group(2));
            }
        }

        assertThat(reported).isNotEmpty().containsOnly("1 threads, OMP_NUM_THREADS=1");
    }

    @Test
    void anExecutorKilledDuringIngestLeavesExactlyOneRowPerInstance() throws IOException {
        List<String> instances = table(clientLake, "slices").column("sop_instance_uid");

        assertThat(killedContainer).isNotNull();
        assertThat(instances).hasSize((int) truthSlices()).doesNotHaveDuplicates();
        assertThat(CLIENT_MODE.get("ingest").err()).contains("Lost executor");
        assertThat(table(clientLake, "lesions").rows()).isEqualTo(bookmarks());
        assertThat(table(clientLake, "runs").column("job")).containsExactlyInAnyOrder("ingest", "mine");
    }

    @Test
    void theSecretAppearsInNoLogLaunchScriptReportEventLogOrHdfsFile() throws IOException {
        List<String> searched = new ArrayList<>();
        List<String> found = new ArrayList<>();
        for (Path dir : nodeManagerDirs()) {
            searchFiles(dir, p -> !isLocalised(dir, p), searched, found);
        }
        searchFiles(cluster.daemonLog(), p -> true, searched, found);
        for (ApplicationReport app : cluster.applications()) {
            searched.add("report " + app.getApplicationId());
            if (app.toString().contains(SECRET) || app.getDiagnostics().contains(SECRET)) {
                found.add("report " + app.getApplicationId());
            }
        }
        // Event logs, the lake, its models and reports, and whatever the applications' staging left behind.
        FileSystem fs = cluster.fileSystem();
        RemoteIterator<LocatedFileStatus> files = fs.listFiles(new org.apache.hadoop.fs.Path("/"), true);
        while (files.hasNext()) {
            org.apache.hadoop.fs.Path file = files.next().getPath();
            searched.add(file.toString());
            try (InputStream in = fs.open(file)) {
                if (new String(in.readAllBytes(), StandardCharsets.ISO_8859_1).contains(SECRET)) {
                    found.add(file.toString());
                }
            }
        }

        assertThat(searched)
                .anyMatch(p -> p.endsWith("launch_container.sh"))
                .anyMatch(p -> p.endsWith("stderr"))
                .anyMatch(p -> p.contains("/spark-events/"))
                .anyMatch(p -> p.contains("/lake/cluster/slices/"))
                .anyMatch(p -> p.startsWith("report "));
        assertThat(found).as("files holding the secret").isEmpty();
    }

    /**
     * The one place the secret is, and must be, in cluster mode: the Spark configuration that spark-submit ships to
     * the driver's container, localised by YARN (deleted with the application; kept here by the NodeManagers' debug
     * delay). Finding it also shows that the search above can find the secret where it is.
     */
    @Test
    void theSecretReachesTheClusterModeDriverOnlyInTheConfigurationYarnLocalised() throws IOException {
        List<String> searched = new ArrayList<>();
        List<String> found = new ArrayList<>();
        for (Path dir : nodeManagerDirs()) {
            // Not the job jar: built before this run's secret existed, and 180 MB a copy.
            searchFiles(dir, p -> isLocalised(dir, p) && !p.toString().endsWith(".jar"), searched, found);
        }

        assertThat(found).isNotEmpty().allMatch(p -> p.endsWith("__spark_conf__.properties"));
    }

    private static List<Path> nodeManagerDirs() {
        List<Path> out = new ArrayList<>();
        for (int nm = 0; nm < cluster.nodeManagers(); nm++) {
            out.addAll(cluster.logDirs(nm));
            out.addAll(cluster.localDirs(nm));
        }
        return out;
    }

    /** Whether a file under a NodeManager's folder is one YARN localised for a container. */
    private static boolean isLocalised(Path nodeManagerDir, Path file) {
        return nodeManagerDir.relativize(file).toString().contains("filecache");
    }

    /**
     * Every file under a folder that a filter accepts, not following links (to the localised job jar). A file the
     * NodeManager deletes between the listing and the read (a finished container's, despite the debug delay) is
     * skipped: it is gone, so it holds nothing any more.
     */
    private static void searchFiles(Path root, Predicate<Path> include, List<String> searched, List<String> found)
            throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.walk(root)) {
            files = s.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                    .filter(include)
                    .toList();
        } catch (UncheckedIOException e) {
            if (!(e.getCause() instanceof NoSuchFileException)) {
                throw e;
            }
            searchFiles(root, include, searched, found); // a folder vanished while listed: list again
            return;
        }
        for (Path f : files) {
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(f);
            } catch (NoSuchFileException gone) {
                continue;
            }
            searched.add(f.toString());
            if (new String(bytes, StandardCharsets.ISO_8859_1).contains(SECRET)) {
                found.add(f.toString());
            }
        }
    }

    /**
     * What a cluster-mode driver printed: its container's stdout, the application master's. Of two applications of
     * one name, the cluster-mode one ran first.
     */
    /** The id of the first application submitted under this name, when there is one. */
    private static Optional<String> firstApplicationId(String appName) throws IOException {
        return cluster.applications().stream()
                .filter(a -> a.getName().equals(appName))
                .map(ApplicationReport::getApplicationId)
                .sorted()
                .map(Object::toString)
                .findFirst();
    }

    private static String driverOutput(String appName) throws IOException {
        for (String id : firstApplicationId(appName).stream().toList()) {
            for (Path c : containers(id).keySet()) {
                Path stdout = c.resolve("stdout");
                if (c.getFileName().toString().endsWith("_000001") && Files.exists(stdout) && Files.size(stdout) > 0) {
                    return Files.readString(stdout);
                }
            }
        }
        throw new AssertionError("no driver output of " + appName);
    }

    private static String tail(Path file) throws IOException {
        return Files.exists(file) ? tail(Files.readString(file)) : "";
    }

    private static String tail(String text) {
        return text.substring(Math.max(0, text.length() - 6000));
    }
}
