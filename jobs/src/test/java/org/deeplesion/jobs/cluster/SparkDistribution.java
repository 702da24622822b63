package org.deeplesion.jobs.cluster;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

/**
 * A Spark home made of the Spark jars Maven resolved, for the cluster tests: what their daemons run from and
 * where {@code scripts/submit} finds {@code bin/spark-submit}.
 */
final class SparkDistribution {

    private SparkDistribution() {
    }

    /**
     * The layout Spark's launcher expects of a distribution: {@code jars/} and a {@code RELEASE} file (without it
     * the launcher looks for a source build's assembly folder), plus {@code bin/spark-submit}.
     */
    static Path layOut(Path home, List<Path> jars) throws IOException {
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
        return home;
    }

    /**
     * What spark-submit and Spark's daemons need to run from such a home: without {@code SPARK_SCALA_VERSION} the
     * launcher looks for a source build's folders.
     */
    static Map<String, String> environment(Path home) {
        return Map.of("SPARK_HOME", requireNonNull(home, "home").toString(), "SPARK_SCALA_VERSION", "2.12",
                "SPARK_LOCAL_IP", "127.0.0.1", "JAVA_HOME", System.getProperty("java.home"));
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
