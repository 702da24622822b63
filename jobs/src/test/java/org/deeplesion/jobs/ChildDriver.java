package org.deeplesion.jobs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A {@code deeplesion} command in a driver JVM of its own, so that a test can kill it the hard way (SIGKILL, no
 * shutdown hooks) at a moment it observes in the lake.
 */
public final class ChildDriver {

    private ChildDriver() {}

    /** Starts the CLI with these arguments; its output goes to {@code log}. */
    public static Process start(Path log, String... args) throws IOException {
        return start(log, List.of(), Map.of(), args);
    }

    /** Starts the CLI with these JVM options, environment variables and arguments; output goes to {@code log}. */
    public static Process start(Path log, List<String> jvmOptions, Map<String, String> environment, String... args)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx1g");
        // The JVM options scripts/deeplesion gives a local run, so that a child driver runs as a user's would.
        command.addAll(conf("local-jit-options"));
        command.addAll(jvmOptions);
        command.addAll(conf("java17-options"));
        command.addAll(List.of(
                "-Dspark.master=local[2]",
                "-Dspark.ui.enabled=false",
                "-cp",
                System.getProperty("java.class.path"),
                "org.deeplesion.jobs.cli.DeepLesionCli"));
        command.addAll(List.of(args));
        ProcessBuilder pb =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        pb.environment().putAll(environment);
        return pb.start();
    }

    /** The options a file under conf/ holds, separated by white space. */
    private static List<String> conf(String file) throws IOException {
        return List.of(Files.readString(Path.of("..", "conf", file)).trim().split("\\s+"));
    }

    /**
     * Polls {@code moment} until it holds, then kills the driver; returns whether it was killed at that moment
     * (false when the driver ended first). The wait ends with the driver, so its ceiling, 20 minutes, is only for a
     * driver that hangs: a busy machine's slow driver is waited for.
     */
    public static boolean killWhen(Process driver, BooleanSupplier moment) throws InterruptedException {
        try {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(20);
            while (driver.isAlive() && System.nanoTime() < deadline) {
                if (moment.getAsBoolean()) {
                    driver.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                    return true;
                }
                Thread.sleep(10);
            }
            return false;
        } finally {
            driver.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }
}
