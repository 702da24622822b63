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
 * shutdown hooks) at a moment it observes in the lake, or see its console and exit code as a user would.
 */
public final class ChildDriver {

    private ChildDriver() {
    }

    /** Starts the CLI with these arguments; its output goes to {@code log}. */
    public static Process start(Path log, String... args) throws IOException {
        return start(log, Map.of(), args);
    }

    /** Starts the CLI with these arguments and environment variables besides this JVM's. */
    public static Process start(Path log, Map<String, String> env, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx1g");
        command.addAll(List.of(Files.readString(Path.of("..", "conf", "java17-options")).trim().split("\\s+")));
        command.addAll(List.of("-Dspark.master=local[2]", "-Dspark.ui.enabled=false", "-cp",
                System.getProperty("java.class.path"), "org.deeplesion.jobs.cli.DeepLesionCli"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        pb.environment().putAll(env);
        return pb.start();
    }

    /**
     * Polls {@code moment} until it holds, then kills the driver; returns whether it was killed at that moment
     * (false when the driver ended first or two minutes passed).
     */
    public static boolean killWhen(Process driver, BooleanSupplier moment) throws InterruptedException {
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
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
