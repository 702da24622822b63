package org.deeplesion.jobs.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cluster configurations in conf/ and how scripts/submit layers them (its dry run, with a stand-in Spark). */
class SubmitConfigurationTest {

    private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();

    @TempDir
    Path dir;

    /** What scripts/submit would run: the command line, and the merged properties file it would pass. */
    record DryRun(String command, Properties properties) {}

    private DryRun dryRun(String... args) throws IOException, InterruptedException {
        Path sparkHome = Files.createDirectories(dir.resolve("spark/bin")).getParent();
        Path submit = sparkHome.resolve("bin/spark-submit");
        Files.writeString(submit, "#!/bin/sh\nexit 99\n");
        Files.setPosixFilePermissions(submit, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path jar = Files.writeString(dir.resolve("jobs.jar"), "stand-in");
        ProcessBuilder pb = new ProcessBuilder(
                        Stream.concat(Stream.of(ROOT.resolve("scripts/submit").toString()), Stream.of(args))
                                .toList())
                .directory(ROOT.toFile())
                .redirectErrorStream(true);
        pb.environment().remove("SPARK_CONF_DIR");
        pb.environment().put("SPARK_HOME", sparkHome.toString());
        pb.environment().put("DEEPLESION_JAR", jar.toString());
        pb.environment().put("DEEPLESION_SUBMIT_DRY_RUN", "1");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        int firstNewline = out.indexOf('\n');
        Properties merged = new Properties();
        merged.load(new StringReader(out.substring(firstNewline + 1)));
        return new DryRun(out.substring(0, firstNewline), merged);
    }

    @Test
    void everyConfFileIsSparkPropertiesAndItsPodTemplatesExist() throws IOException {
        try (Stream<Path> files = Files.list(ROOT.resolve("conf"))) {
            List<Path> confs = files.filter(f -> f.toString().endsWith(".conf")).toList();
            assertThat(confs)
                    .extracting(f -> f.getFileName().toString())
                    .contains(
                            "local.conf",
                            "standalone.conf",
                            "yarn-client.conf",
                            "yarn-cluster.conf",
                            "kubernetes.conf",
                            "cuda.conf",
                            "s3a.conf");
            for (Path conf : confs) {
                Properties p = new Properties();
                try (var in = Files.newBufferedReader(conf)) {
                    p.load(in);
                }
                assertThat(p).as(conf.toString()).isNotEmpty();
                for (String key : p.stringPropertyNames()) {
                    assertThat(key).as(conf + ": " + key).startsWith("spark.");
                    assertThat(p.getProperty(key)).as(conf + ": " + key).isNotBlank();
                    if (key.endsWith("podTemplateFile")) {
                        assertThat(ROOT.resolve(p.getProperty(key)))
                                .as(conf + ": " + key)
                                .isRegularFile();
                    }
                }
            }
        }
    }

    @Test
    void submitLayersItsDefaultsThenTheSiteFilesInOrderAndPassesTheRestThrough() throws Exception {
        DryRun run = dryRun(
                "--master",
                "k8s://https://api:443",
                "--properties-file",
                "conf/kubernetes.conf",
                "--properties-file",
                "conf/cuda.conf",
                "--conf",
                "spark.executor.instances=3",
                "--",
                "ingest",
                "--input",
                "s3a://archive/export one",
                "--lake",
                "s3a://lake/ct");

        String java17 = Files.readString(ROOT.resolve("conf/java17-options")).trim();
        assertThat(run.properties().getProperty("spark.driver.defaultJavaOptions"))
                .isEqualTo(java17);
        assertThat(run.properties().getProperty("spark.executor.defaultJavaOptions"))
                .isEqualTo(java17);
        assertThat(run.properties().getProperty("spark.serializer"))
                .isEqualTo("org.apache.spark.serializer.KryoSerializer");
        // kubernetes.conf sets 2g, cuda.conf after it 4g; the defaults' 6g executor heap is kubernetes.conf's too.
        assertThat(run.properties().getProperty("spark.executor.memoryOverhead"))
                .isEqualTo("4g");
        assertThat(run.properties().getProperty("spark.executor.resource.gpu.amount"))
                .isEqualTo("1");
        assertThat(run.command())
                .contains(
                        "--class org.deeplesion.jobs.cli.DeepLesionCli",
                        "--name deeplesion-ingest",
                        "--master k8s://https://api:443",
                        "--conf spark.executor.instances=3")
                .endsWith("jobs.jar ingest --input s3a://archive/export\\ one --lake s3a://lake/ct ");
    }

    @Test
    void submitWithoutASiteFileKeepsSparkDefaultsConf() throws Exception {
        Path confDir = Files.createDirectories(dir.resolve("spark/conf"));
        Files.writeString(confDir.resolve("spark-defaults.conf"), "spark.executor.memory 12g\n");

        DryRun run = dryRun("--", "mine", "--lake", "s3a://lake/ct");

        assertThat(run.properties().getProperty("spark.executor.memory")).isEqualTo("12g");
        assertThat(run.properties().getProperty("spark.driver.memory")).isEqualTo("4g");
    }

    @Test
    void submitWithoutTheSeparatorSaysHowToCallIt() throws Exception {
        Process p = new ProcessBuilder(ROOT.resolve("scripts/submit").toString(), "--master", "local[2]", "ingest")
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(p.waitFor()).isEqualTo(2);
        assertThat(out).contains("missing \"--\"").contains("scripts/submit [spark-submit options ...] --");
    }
}
