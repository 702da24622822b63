package org.deeplesion.jobs.cluster;

import static java.util.Objects.requireNonNull;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A Spark home laid out as a distribution from the Spark jars Maven resolved (the failsafe property
 * {@code spark.classpath.file}): {@code jars/}, a {@code RELEASE} file (without it Spark's launcher looks for a
 * source build's assembly folder) and {@code bin/spark-submit}, so that scripts/submit and Spark's daemons run
 * from it as from a real installation.
 */
final class SparkHome {

    private final Path path;

    private SparkHome(Path path) {
        this.path = path;
    }

    /** Lays out a Spark home in {@code home} from the jars listed in the Spark classpath file. */
    static SparkHome fromClasspathFile(Path home) throws IOException {
        requireNonNull(home, "home");
        Path classpathFile = Path.of(
                requireNonNull(System.getProperty("spark.classpath.file"), "system property spark.classpath.file"));
        List<Path> jars = Stream.of(Files.readString(classpathFile).trim().split(File.pathSeparator))
                .map(Path::of)
                .toList();
        return layOut(home, jars);
    }

    /** Lays out a Spark home in {@code home} whose {@code jars/} links {@code jars}. */
    static SparkHome layOut(Path home, List<Path> jars) throws IOException {
        requireNonNull(home, "home");
        requireNonNull(jars, "jars");
        Path jarsDir = Files.createDirectories(home.resolve("jars"));
        for (Path jar : jars) {
            Files.createSymbolicLink(jarsDir.resolve(jar.getFileName()), jar);
        }
        Files.writeString(home.resolve("RELEASE"), "Spark 3.5.5 (test layout: jars linked from Maven)\n");
        Path submit = Files.createDirectories(home.resolve("bin")).resolve("spark-submit");
        Files.writeString(submit, SPARK_SUBMIT);
        Files.setPosixFilePermissions(submit, PosixFilePermissions.fromString("rwxr-xr-x"));
        return new SparkHome(home);
    }

    Path path() {
        return path;
    }

    Path jars() {
        return path.resolve("jars");
    }

    /** The environment every Spark process and spark-submit needs to find this Spark home. */
    Map<String, String> environment() {
        Map<String, String> env = new HashMap<>();
        env.put("SPARK_HOME", path.toString());
        env.put("SPARK_SCALA_VERSION", "2.12");
        env.put("SPARK_LOCAL_IP", "127.0.0.1");
        env.put("JAVA_HOME", System.getProperty("java.home"));
        return env;
    }

    /**
     * Spark's bin/spark-submit and bin/spark-class in brief: Spark's launcher library builds the driver's java
     * command (heap from spark.driver.memory, spark.driver.defaultJavaOptions and extraJavaOptions, the jars) and
     * prints it NUL-separated after a NUL line, followed by its exit code; the script runs that command.
     */
    private static final String SPARK_SUBMIT = """
            #!/usr/bin/env bash
            build_command() {
              "$JAVA_HOME/bin/java" -Xmx128m -cp "$SPARK_HOME/jars/*" org.apache.spark.launcher.Main \\
                org.apache.spark.deploy.SparkSubmit "$@"
              printf "%d\\0" $?
            }
            CMD=()
            DELIM=$'\\n'
            CMD_START_FLAG=false
            while IFS= read -d "$DELIM" -r ARG; do
              if [ "$CMD_START_FLAG" = true ]; then
                CMD+=("$ARG")
              elif [ "$ARG" = $'\\0' ]; then
                DELIM=''
                CMD_START_FLAG=true
              elif [ -n "$ARG" ]; then
                echo "$ARG"
              fi
            done < <(build_command "$@")
            COUNT=${#CMD[@]}
            LAST=$((COUNT - 1))
            LAUNCHER_EXIT_CODE=${CMD[$LAST]}
            if [ "$LAUNCHER_EXIT_CODE" != 0 ]; then
              exit "$LAUNCHER_EXIT_CODE"
            fi
            exec "${CMD[@]:0:$LAST}"
            """;
}
