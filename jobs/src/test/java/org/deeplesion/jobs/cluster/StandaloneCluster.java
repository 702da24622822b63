package org.deeplesion.jobs.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real Spark standalone cluster on loopback: one master and N one-core workers, each its own JVM, started from a
 * {@link SparkHome} laid out as a distribution, so that the workers launch executors exactly as on a real cluster.
 */
final class StandaloneCluster implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final SparkHome sparkHome;
    private final Path logs;
    private final List<Process> processes = new ArrayList<>();
    private int masterPort;
    private int masterUiPort;

    private StandaloneCluster(SparkHome sparkHome, Path logs) {
        this.sparkHome = sparkHome;
        this.logs = logs;
    }

    /** Starts the master and the workers, and returns once every worker has registered. */
    static StandaloneCluster start(Path dir, List<Path> sparkJars, int workers, String workerMemory)
            throws IOException, InterruptedException {
        SparkHome home = SparkHome.layOut(dir.resolve("spark-home"), sparkJars);
        StandaloneCluster cluster = new StandaloneCluster(home, Files.createDirectories(dir.resolve("logs")));
        try {
            cluster.masterPort = freePort();
            cluster.masterUiPort = freePort();
            cluster.launch(
                    "master",
                    "org.apache.spark.deploy.master.Master",
                    "--host",
                    "127.0.0.1",
                    "--port",
                    Integer.toString(cluster.masterPort),
                    "--webui-port",
                    Integer.toString(cluster.masterUiPort));
            cluster.await("the master's web UI", Duration.ofSeconds(60), json -> json.has("url"));
            for (int i = 0; i < workers; i++) {
                cluster.launch(
                        "worker-" + i,
                        "org.apache.spark.deploy.worker.Worker",
                        "--host",
                        "127.0.0.1",
                        "--cores",
                        "1",
                        "--memory",
                        workerMemory,
                        "--webui-port",
                        Integer.toString(freePort()),
                        "--work-dir",
                        Files.createDirectories(dir.resolve("work-" + i)).toString(),
                        cluster.masterUrl());
            }
            cluster.await(
                    workers + " workers",
                    Duration.ofSeconds(90),
                    json -> json.path("aliveworkers").asInt() == workers);
        } catch (IOException | InterruptedException | RuntimeException e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    String masterUrl() {
        return "spark://127.0.0.1:" + masterPort;
    }

    /** The environment every cluster process and spark-submit needs to find this Spark home. */
    Map<String, String> environment() {
        return sparkHome.environment();
    }

    /** The master's JSON status page: workers, running and completed applications. */
    JsonNode masterStatus() throws IOException {
        return JSON.readTree(
                URI.create("http://127.0.0.1:" + masterUiPort + "/json/").toURL());
    }

    /** What the cluster's processes wrote, for failure messages. */
    String logs() throws IOException {
        StringBuilder out = new StringBuilder();
        try (var files = Files.list(logs)) {
            for (Path f : files.sorted().toList()) {
                String text = Files.readString(f);
                out.append("==== ")
                        .append(f.getFileName())
                        .append('\n')
                        .append(text, Math.max(0, text.length() - 4000), text.length());
            }
        }
        return out.toString();
    }

    private void launch(String name, String mainClass, String... args) throws IOException {
        List<String> command = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m"));
        command.addAll(List.of(Files.readString(Path.of(System.getProperty("project.root"), "conf", "java17-options"))
                .trim()
                .split("\\s+")));
        command.addAll(List.of("-cp", sparkHome.jars() + "/*", mainClass));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(logs.resolve(name + ".log").toFile());
        pb.environment().putAll(environment());
        processes.add(pb.start());
    }

    private void await(String what, Duration timeout, Predicate<JsonNode> ready)
            throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            for (Process p : processes) {
                if (!p.isAlive()) {
                    throw new IllegalStateException("a cluster process exited with " + p.exitValue()
                            + " while waiting for " + what + ":\n" + logs());
                }
            }
            try {
                if (ready.test(masterStatus())) {
                    return;
                }
            } catch (IOException notYet) {
                // the master's UI is not listening yet
            }
            Thread.sleep(300);
        }
        throw new IllegalStateException("no " + what + " within " + timeout + ":\n" + logs());
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Stops workers before the master, and with each worker the executors it launched. */
    @Override
    public void close() {
        for (int i = processes.size() - 1; i >= 0; i--) {
            Process p = processes.get(i);
            List<ProcessHandle> children = p.descendants().toList();
            stop(p.toHandle());
            children.forEach(StandaloneCluster::stop);
        }
    }

    private static void stop(ProcessHandle p) {
        p.destroy();
        try {
            p.onExit().get(15, TimeUnit.SECONDS);
        } catch (Exception notYet) {
            p.destroyForcibly();
        }
    }
}
