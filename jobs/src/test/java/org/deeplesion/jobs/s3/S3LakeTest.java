package org.deeplesion.jobs.s3;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.SparkSession;
import org.deeplesion.jobs.SparkTestSession;
import org.deeplesion.jobs.TestArchives;
import org.deeplesion.jobs.ingest.IngestJob;
import org.deeplesion.jobs.ingest.IngestOptions;
import org.deeplesion.jobs.ingest.IngestSummary;
import org.deeplesion.jobs.lake.Lake;
import org.deeplesion.jobs.lake.LakeRoot;
import org.deeplesion.jobs.lake.LakeTable;
import org.deeplesion.jobs.mine.MineJob;
import org.deeplesion.jobs.mine.MineOptions;
import org.deeplesion.jobs.mine.MineSummary;
import org.deeplesion.synth.CohortTruth;
import org.deeplesion.synth.LesionTruth;
import org.deeplesion.testing.Bytes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pipeline with everything on a real S3 server (s3proxy on loopback) through hadoop-aws: the archive is
 * uploaded to a bucket, ingested from {@code s3a://} into a lake on {@code s3a://}, mined, and read back.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class S3LakeTest {

    private static final String BUCKET = "deeplesion-s3-test";
    private static final byte[] SECRET = "s3-test-pseudonym-secret-0123".getBytes(StandardCharsets.UTF_8);

    @TempDir
    static Path dir;

    private static S3Server s3;
    private static SparkSession spark;
    private static CohortTruth truth;
    private static Lake lake;
    private static IngestSummary ingested;
    private static MineSummary mined;
    private static String previousCodec;

    @BeforeAll
    static void uploadIngestAndMine() throws Exception {
        s3 = S3Server.start(dir, BUCKET);
        spark = SparkTestSession.get();
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        s3.configure(conf, BUCKET);

        // Uncompressed Parquet, so that the byte search for the S3 secret below is meaningful.
        previousCodec = spark.conf().get("spark.sql.parquet.compression.codec");
        spark.conf().set("spark.sql.parquet.compression.codec", "uncompressed");
        truth = TestArchives.cohort(dir.resolve("archive"), 2, 23);
        String archive = "s3a://" + BUCKET + "/archive/dicom";
        upload(dir.resolve("archive/dicom"), archive, conf);

        lake = new Lake(spark, "s3a://" + BUCKET + "/lake");
        ingested = new IngestJob(spark, new IngestOptions(List.of(archive), lake.root(), SECRET, false, 64L << 20, 8))
                .run();
        mined = new MineJob(spark, new MineOptions(lake.root(), null, null, 3, 0.7, 0.15, null)).run();
    }

    /**
     * Copies a folder's files one by one. Not {@code FileSystem.copyFromLocalFile}: in hadoop-aws 3.3.4 its parallel
     * uploads wait on the thread pool they occupy, and a folder of more files than the pool has threads stalls.
     */
    private static void upload(Path folder, String uri, Configuration conf) throws IOException {
        FileSystem fs = new org.apache.hadoop.fs.Path(uri).getFileSystem(conf);
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String key = folder.relativize(f).toString();
                try (var out = fs.create(new org.apache.hadoop.fs.Path(uri + "/" + key))) {
                    Files.copy(f, out);
                }
            }
        }
    }

    @AfterAll
    static void stopServer() {
        if (previousCodec != null) {
            spark.conf().set("spark.sql.parquet.compression.codec", previousCodec);
        }
        if (s3 != null) {
            s3.close();
        }
    }

    private static long truthSlices() {
        return truth.patients().stream()
                .flatMap(p -> p.studies().stream())
                .flatMap(s -> s.series().stream())
                .mapToLong(s -> s.sliceCount())
                .sum();
    }

    @Test
    void everySliceAndBookmarkOfTheArchiveInTheBucketLandsInTheLakeOnS3() {
        long bookmarks =
                truth.lesions().stream().filter(LesionTruth::bookmarked).count();

        assertThat(ingested.slices()).isEqualTo(truthSlices());
        assertThat(lake.read(LakeTable.SLICES).orElseThrow().count()).isEqualTo(truthSlices());
        assertThat(lake.read(LakeTable.SLICES)
                        .orElseThrow()
                        .filter(col("source").startsWith("s3a://" + BUCKET + "/"))
                        .count())
                .isEqualTo(truthSlices());
        assertThat(mined.lesions()).isEqualTo(bookmarks);
        assertThat(lake.read(LakeTable.LESIONS).orElseThrow().count()).isEqualTo(bookmarks);
        assertThat(lake.read(LakeTable.RUNS)
                        .orElseThrow()
                        .filter(col("run_id").isin(ingested.runId(), mined.runId()))
                        .count())
                .isEqualTo(2);
    }

    @Test
    void theTablesAreDeltaTablesStoredByTheServer() {
        for (LakeTable t : List.of(LakeTable.SLICES, LakeTable.OBJECTS, LakeTable.LESIONS, LakeTable.RUNS)) {
            Path log =
                    s3.bucketDir(BUCKET).resolve("lake").resolve(t.tableName()).resolve("_delta_log");
            assertThat(log.resolve("00000000000000000000.json"))
                    .as(t.tableName())
                    .isRegularFile();
        }
    }

    @Test
    void ingestingAgainFromS3AddsNothing() {
        IngestSummary again = new IngestJob(
                        spark,
                        new IngestOptions(
                                List.of("s3a://" + BUCKET + "/archive/dicom"),
                                lake.root(),
                                SECRET,
                                false,
                                64L << 20,
                                8))
                .run();

        assertThat(again.slices()).isZero();
        assertThat(again.alreadyIngested()).isEqualTo(ingested.filesListed());
        assertThat(lake.read(LakeTable.SLICES).orElseThrow().count()).isEqualTo(truthSlices());
    }

    @Test
    void plainOutputIsCommittedByTheMagicCommitter() throws IOException {
        String out = "s3a://" + BUCKET + "/reports/lesions-per-split";
        lake.read(LakeTable.LESIONS)
                .orElseThrow()
                .groupBy("split")
                .count()
                .write()
                .parquet(out);

        // S3A committers write _SUCCESS as a JSON manifest naming themselves; the classic committer writes 0 bytes.
        org.apache.hadoop.fs.Path success = new org.apache.hadoop.fs.Path(out + "/_SUCCESS");
        FileSystem fs = success.getFileSystem(spark.sparkContext().hadoopConfiguration());
        JsonNode manifest;
        try (InputStream in = fs.open(success)) {
            manifest = new ObjectMapper().readTree(in);
        }
        assertThat(manifest.path("committer").asText()).isEqualTo("magic");
        assertThat(spark.read()
                        .parquet(out)
                        .agg(org.apache.spark.sql.functions.sum("count"))
                        .first()
                        .getLong(0))
                .isEqualTo(mined.lesions());
        try (Stream<Path> files = Files.walk(s3.bucketDir(BUCKET).resolve("reports"))) {
            assertThat(files.map(Path::toString)).noneMatch(p -> p.contains("__magic"));
        }
    }

    @Test
    void aLakeRootOnS3IsProbedWithoutATraceAndAnObjectInItsPlaceIsRefused() throws IOException {
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        String fresh = "s3a://" + BUCKET + "/fresh-lake";
        String object = "s3a://" + BUCKET + "/an-object";
        FileSystem fs = new org.apache.hadoop.fs.Path(object).getFileSystem(conf);
        fs.create(new org.apache.hadoop.fs.Path(object)).close();

        LakeRoot.requireWritable(conf, fresh);

        var files = fs.listFiles(new org.apache.hadoop.fs.Path("s3a://" + BUCKET + "/"), true);
        while (files.hasNext()) {
            assertThat(files.next().getPath().getName()).doesNotStartWith("_write-probe");
        }
        assertThatThrownBy(() -> LakeRoot.requireWritable(conf, object))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--lake " + object + " is a file, not a lake directory");
    }

    @Test
    void theS3SecretIsNowhereInTheLake() throws IOException {
        byte[] secret = S3Server.SECRET_KEY.getBytes(StandardCharsets.UTF_8);
        try (Stream<Path> files = Files.walk(s3.bucketDir(BUCKET).resolve("lake"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertThat(Bytes.indexOf(Files.readAllBytes(f), secret))
                        .as(f.toString())
                        .isNegative();
            }
        }
    }
}
