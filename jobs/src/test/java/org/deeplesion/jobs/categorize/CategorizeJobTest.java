package org.deeplesion.jobs.categorize;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.deeplesion.ct.Window;
import org.deeplesion.embed.CropGeometry;
import org.deeplesion.embed.EmbeddingNetwork;
import org.deeplesion.encoding.ModelFiles;
import org.deeplesion.jobs.SparkTestSession;
import org.deeplesion.jobs.TestArchives;
import org.deeplesion.jobs.ingest.IngestJob;
import org.deeplesion.jobs.ingest.IngestOptions;
import org.deeplesion.jobs.lake.Lake;
import org.deeplesion.jobs.lake.LakeTable;
import org.deeplesion.jobs.mine.MineJob;
import org.deeplesion.jobs.mine.MineOptions;
import org.deeplesion.jobs.run.JobContext;
import org.deeplesion.synth.CohortTruth;
import org.deeplesion.synth.LesionTruth;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Categorisation on a real lake: a small synthetic cohort ingested and mined, then embedded and clustered. */
class CategorizeJobTest {

    private static final byte[] SECRET = "categorize-test-secret".getBytes(StandardCharsets.UTF_8);
    /** Small crops keep the test fast; the geometry is what the job must honour. */
    private static final CropGeometry GEOMETRY =
            new CropGeometry(16, List.of(1.5, 4.0), 2.0, List.of(Window.SOFT_TISSUE, new Window(0, 2000)));

    @TempDir
    static Path dir;

    private static SparkSession spark;
    private static Lake lake;
    private static CohortTruth truth;
    private static long bookmarked;
    private static CategorizeSummary summary;

    @BeforeAll
    static void ingestMineAndCategorize() throws IOException {
        spark = SparkTestSession.get();
        truth = TestArchives.cohort(dir.resolve("archive"), 5, 23);
        bookmarked = truth.lesions().stream().filter(LesionTruth::bookmarked).count();
        lake = new Lake(spark, dir.resolve("lake").toUri().toString());
        new IngestJob(
                        spark,
                        new IngestOptions(
                                List.of(dir.resolve("archive/dicom").toUri().toString()),
                                lake.root(),
                                SECRET,
                                false,
                                64L << 20,
                                8))
                .run();
        new MineJob(spark, new MineOptions(lake.root(), null, null, 7, 0.7, 0.15, null)).run();
        addLesionWithoutPixels();
        summary = new CategorizeJob(spark, options(null, 2, 4, 4, 1e-4)).run();
    }

    private static CategorizeOptions options(Integer k, int kMin, int kMax, int rounds, double stopNmi) {
        return new CategorizeOptions(
                lake.root(),
                k,
                kMin,
                kMax,
                rounds,
                stopNmi,
                2,
                16,
                5,
                null,
                dir.resolve("archive/truth.json").toUri().toString(),
                GEOMETRY);
    }

    /** A bookmark on an image that never reached the lake, as when the image was rejected at ingest. */
    private static void addLesionWithoutPixels() {
        Dataset<Row> one = lake.read(LakeTable.LESIONS)
                .orElseThrow()
                .limit(1)
                .withColumn("lesion_id", lit("lesion-without-pixels"))
                .withColumn("sop_instance_uid", lit("2.25.424242"));
        lake.append(LakeTable.LESIONS, one);
    }

    @Test
    void everyLesionWithPixelsGetsOnePseudoLabelOfTheChosenK() {
        Dataset<Row> labels = lake.read(LakeTable.PSEUDO_LABELS)
                .orElseThrow()
                .filter(col("run_id").equalTo(summary.runId()));
        assertThat(labels.count()).isEqualTo(bookmarked);
        assertThat(labels.select("lesion_id").distinct().count()).isEqualTo(bookmarked);
        Set<Integer> clusters =
                new HashSet<>(labels.select("cluster").as(Encoders.INT()).collectAsList());
        assertThat(clusters).hasSize(summary.k());
        assertThat(labels.filter(col("distance").lt(0)).count()).isZero();
    }

    @Test
    void kIsTheOneWithTheHighestSilhouetteOfTheRange() {
        assertThat(summary.silhouetteByK()).containsOnlyKeys(2, 3, 4);
        double best = summary.silhouetteByK().values().stream()
                .mapToDouble(Double::doubleValue)
                .max()
                .orElseThrow();
        assertThat(summary.silhouetteByK().get(summary.k())).isEqualTo(best);
    }

    @Test
    void refinementStopsOnceConsecutiveRoundsAgree() {
        // Any two rounds share some information, so a threshold of 1e-4 stops the run after round 2 of 4.
        assertThat(summary.rounds()).hasSize(2);
        assertThat(summary.rounds().get(1).nmiPrevious()).isGreaterThanOrEqualTo(1e-4);
        assertThat(summary.rounds().get(1).trainSeconds()).isPositive();
    }

    @Test
    void eachRoundsEmbeddingsAreInTheLake() {
        Dataset<Row> embeddings = lake.read(LakeTable.EMBEDDINGS)
                .orElseThrow()
                .filter(col("run_id").equalTo(summary.runId()));
        assertThat(embeddings.count()).isEqualTo(2 * bookmarked);
        Row first = embeddings.first();
        assertThat(first.getList(first.fieldIndex("embedding"))).hasSize(16);
    }

    @Test
    void theReportComparesRoundsWithTheTrueTypes() throws IOException {
        JsonNode json = new ObjectMapper().readTree(report("summary.json").toFile());
        assertThat(json.get("k").asInt()).isEqualTo(summary.k());
        assertThat(json.get("true_types_known").asLong()).isEqualTo(bookmarked);
        assertThat(json.get("rounds")).hasSize(2);
        for (JsonNode round : json.get("rounds")) {
            assertThat(round.get("nmi_true_types").asDouble()).isBetween(0.0, 1.0);
            assertThat(round.get("purity_true_types").asDouble()).isBetween(0.0, 1.0);
        }
        assertThat(json.get("silhouette_by_k").size()).isEqualTo(3);
    }

    @Test
    void theReportsFiguresArePngsWithContent() throws IOException {
        for (String name : List.of("sizes.png", "projection.png", "montage.png")) {
            BufferedImage image = ImageIO.read(report(name).toFile());
            assertThat(image).as(name).isNotNull();
            Set<Integer> colours = new HashSet<>();
            for (int y = 0; y < image.getHeight(); y += 3) {
                for (int x = 0; x < image.getWidth(); x += 3) {
                    colours.add(image.getRGB(x, y));
                }
            }
            assertThat(colours).as("distinct colours in " + name).hasSizeGreaterThan(10);
        }
    }

    @Test
    void aLesionWithoutPixelsIsRejectedNotDropped() {
        Dataset<Row> rejects =
                lake.read(LakeTable.REJECTS).orElseThrow().filter(col("stage").equalTo("categorize"));
        assertThat(rejects.count()).isEqualTo(1);
        assertThat(rejects.first().<String>getAs("reason"))
                .contains("lesion-without-pixels")
                .contains("2.25.424242");
        assertThat(summary.rejects()).isEqualTo(1);
    }

    @Test
    void theRunIsRecorded() {
        Row run = lake.read(LakeTable.RUNS)
                .orElseThrow()
                .filter(col("run_id").equalTo(summary.runId()))
                .first();
        assertThat(run.<String>getAs("job")).isEqualTo("categorize");
        assertThat(run.<String>getAs("status")).isEqualTo("succeeded");
    }

    @Test
    void fewerLesionsThanClustersIsAnErrorBeforeAnyWork() {
        long embeddings = lake.read(LakeTable.EMBEDDINGS).orElseThrow().count();
        assertThatThrownBy(() -> new CategorizeJob(spark, options(500, 2, 2, 1, 0.9)).run())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("fewer than the 500 clusters");
        assertThat(lake.read(LakeTable.EMBEDDINGS).orElseThrow().count()).isEqualTo(embeddings);
    }

    @Test
    void aSuppliedModelIsTheFirstRoundsNetwork() throws IOException {
        Path model = dir.resolve("init.zip");
        Files.write(model, ModelFiles.toBytes(EmbeddingNetwork.create(GEOMETRY, 12, 3, 99)));
        CategorizeSummary fromFile = new CategorizeJob(
                        spark,
                        new CategorizeOptions(
                                lake.root(),
                                2,
                                2,
                                2,
                                1,
                                0.9,
                                1,
                                16,
                                5,
                                model.toUri().toString(),
                                null,
                                GEOMETRY))
                .run();
        Row first = lake.read(LakeTable.EMBEDDINGS)
                .orElseThrow()
                .filter(col("run_id").equalTo(fromFile.runId()))
                .first();
        // The supplied network's 12-d embedding, not the 16-d one a fresh network of these options would have.
        assertThat(first.getList(first.fieldIndex("embedding"))).hasSize(12);
    }

    @Test
    void aSuppliedModelForOtherCropsIsRefusedNamingItsFile() throws IOException {
        Path model = dir.resolve("other-geometry.zip");
        CropGeometry other = new CropGeometry(24, List.of(1.0), 2.0, List.of(Window.SOFT_TISSUE));
        Files.write(model, ModelFiles.toBytes(EmbeddingNetwork.create(other, 8, 2, 1)));
        assertThatThrownBy(() -> new CategorizeJob(
                                spark,
                                new CategorizeOptions(
                                        lake.root(),
                                        2,
                                        2,
                                        2,
                                        1,
                                        0.9,
                                        1,
                                        8,
                                        5,
                                        model.toUri().toString(),
                                        null,
                                        GEOMETRY))
                        .run())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("other-geometry.zip")
                .hasMessageContaining("does not embed crops");
    }

    @Test
    void theRunsRowIsStampedByTheInjectedClock() throws IOException {
        Instant fixed = Instant.parse("2024-03-01T08:00:00Z");
        JobContext context = JobContext.system().withClock(Clock.fixed(fixed, ZoneOffset.UTC));
        CategorizeSummary fixedRun = new CategorizeJob(spark, options(2, 2, 2, 1, 0.9), context).run();
        Row run = lake.read(LakeTable.RUNS)
                .orElseThrow()
                .filter(col("run_id").equalTo(fixedRun.runId()))
                .first();
        assertThat(run.<Timestamp>getAs("started_at").toInstant()).isEqualTo(fixed);
        assertThat(run.<Timestamp>getAs("finished_at").toInstant()).isEqualTo(fixed);
        assertThat(fixedRun.seconds()).isZero();
    }

    private static Path report(String name) {
        return Path.of(URI.create(summary.report() + "/" + name));
    }
}
