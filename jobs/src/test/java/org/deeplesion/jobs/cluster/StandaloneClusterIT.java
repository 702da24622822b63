package org.deeplesion.jobs.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.deeplesion.jobs.TestArchives;
import org.deeplesion.synth.CohortTruth;
import org.deeplesion.synth.LesionTruth;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded job jar on a real Spark standalone cluster: a master and two one-core workers on loopback, each its
 * own JVM, and ingest and mine submitted in client mode through scripts/submit with conf/standalone.conf.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class StandaloneClusterIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    private static StandaloneCluster cluster;
    private static CohortTruth truth;
    private static Submitted ingest;
    private static Submitted mine;
    private static String lake;

    /** One spark-submit: its exit code and what the driver printed. */
    record Submitted(int exitCode, String out, String err) {
    }

    @BeforeAll
    static void startClusterAndRunThePipeline() throws Exception {
        List<Path> sparkJars = Stream.of(Files.readString(Path.of(System.getProperty("spark.classpath.file")))
                .trim().split(java.io.File.pathSeparator)).map(Path::of).toList();
        cluster = StandaloneCluster.start(dir.resolve("cluster"), sparkJars, 2, "1g");
        truth = TestArchives.cohort(dir.resolve("archive"), 2, 61);
        lake = dir.resolve("lake").toUri().toString();
        ingest = submit("ingest", "--input", dir.resolve("archive/dicom").toUri().toString(), "--lake", lake,
                "--files-per-task", "4");
        mine = submit("mine", "--lake", lake);
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
        List<String> args = new ArrayList<>(List.of(root.resolve("scripts/submit").toString(),
                "--master", cluster.masterUrl(),
                "--properties-file", root.resolve("conf/standalone.conf").toString(),
                // Sized for a test machine; the conf file's values are for real nodes.
                "--conf", "spark.executor.cores=1",
                "--conf", "spark.cores.max=2",
                "--conf", "spark.executor.memory=640m",
                "--conf", "spark.driver.memory=1g",
                "--conf", "spark.sql.shuffle.partitions=4",
                // Short-lived JVMs on a shared 2-core machine: the C1 compiler alone made this test a third faster.
                "--conf", "spark.driver.extraJavaOptions=-XX:TieredStopAtLevel=1 -XX:+UseSerialGC",
                "--conf", "spark.executor.extraJavaOptions=-XX:TieredStopAtLevel=1 -XX:+UseSerialGC",
                // Start tasks only once both executors are there, so both must do work.
                "--conf", "spark.scheduler.minRegisteredResourcesRatio=1.0",
                "--conf", "spark.scheduler.maxRegisteredResourcesWaitingTime=120s",
                "--conf", "spark.ui.enabled=false",
                "--conf", "spark.eventLog.enabled=true",
                "--conf", "spark.eventLog.compress=false",
                "--conf", "spark.eventLog.dir=" + events.toUri(),
                "--conf", "spark.jars.ivy=" + dir.resolve("ivy"),
                "--"));
        args.addAll(List.of(command));
        String name = command[0];
        Path out = dir.resolve(name + ".out");
        Path err = dir.resolve(name + ".err");
        ProcessBuilder pb = new ProcessBuilder(args).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().putAll(cluster.environment());
        pb.environment().put("DEEPLESION_JAR", System.getProperty("jobs.jar"));
        pb.environment().put("DEEPLESION_SECRET", "cluster-test-secret-0123456789");
        long started = System.nanoTime();
        Process p = pb.start();
        if (!p.waitFor(3, TimeUnit.MINUTES)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new AssertionError(name + " did not finish in 3 minutes:\n" + Files.readString(err)
                    + cluster.logs());
        }
        System.err.printf("StandaloneClusterIT: %s ran %.1f s on the cluster%n", name,
                (System.nanoTime() - started) / 1e9);
        return new Submitted(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    private static long truthSlices() {
        return truth.patients().stream().flatMap(p -> p.studies().stream()).flatMap(s -> s.series().stream())
                .mapToLong(s -> s.sliceCount()).sum();
    }

    @Test
    void ingestAndMineSucceedOnTheClusterWithTheTruthsCounts() throws IOException {
        long bookmarks = truth.lesions().stream().filter(LesionTruth::bookmarked).count();
        for (Submitted s : List.of(ingest, mine)) {
            assertThat(s.exitCode()).as(s.err()).isZero();
        }

        assertThat(ingest.out()).startsWith("ingest: " + truthSlices() + " slices");
        assertThat(mine.out()).startsWith("mine: " + bookmarks + " lesions");
        assertThat(committedRows("slices")).isEqualTo(truthSlices());
        assertThat(committedRows("lesions")).isEqualTo(bookmarks);
        assertThat(committedRows("runs")).isEqualTo(2);
    }

    /**
     * The rows of a table's current version, read from its Delta log here (the files the log adds and has not
     * removed, with the record counts Delta keeps per file), so that the check needs no Spark of its own.
     */
    private static long committedRows(String table) throws IOException {
        Map<String, Long> live = new HashMap<>();
        Path log = Path.of(java.net.URI.create(lake)).resolve(table).resolve("_delta_log");
        try (Stream<Path> commits = Files.list(log)) {
            for (Path commit : commits.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                for (String line : Files.readAllLines(commit)) {
                    JsonNode action = JSON.readTree(line);
                    if (action.has("add")) {
                        JsonNode add = action.get("add");
                        live.put(add.get("path").asText(),
                                JSON.readTree(add.get("stats").asText()).get("numRecords").asLong());
                    } else if (action.has("remove")) {
                        live.remove(action.get("remove").get("path").asText());
                    }
                }
            }
        }
        return live.values().stream().mapToLong(Long::longValue).sum();
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
        assertThat(finished).containsExactlyInAnyOrder("deeplesion-ingest", "deeplesion-mine");
    }

    @Test
    void bothExecutorsDecodedSlices() throws IOException {
        Map<String, Integer> tasksByExecutor = tasksByExecutor("deeplesion-ingest");

        assertThat(tasksByExecutor).hasSize(2).doesNotContainKey("driver");
        assertThat(tasksByExecutor.values()).allMatch(n -> n > 0);
    }

    /** Finished tasks per executor, from the application's event log. */
    private static Map<String, Integer> tasksByExecutor(String appName) throws IOException {
        try (Stream<Path> logs = Files.list(dir.resolve("events"))) {
            for (Path log : logs.toList()) {
                List<JsonNode> events = new ArrayList<>();
                for (String line : Files.readAllLines(log)) {
                    events.add(JSON.readTree(line));
                }
                boolean thisApp = events.stream().anyMatch(e -> e.path("Event").asText()
                        .equals("SparkListenerApplicationStart") && e.path("App Name").asText().equals(appName));
                if (!thisApp) {
                    continue;
                }
                Map<String, Integer> out = new HashMap<>();
                for (JsonNode e : events) {
                    if (e.path("Event").asText().equals("SparkListenerTaskEnd")
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
