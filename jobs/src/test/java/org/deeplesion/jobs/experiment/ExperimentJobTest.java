package org.deeplesion.jobs.experiment;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.deeplesion.ct.Window;
import org.deeplesion.detect.DetectorGeometry;
import org.deeplesion.detect.DetectorSettings;
import org.deeplesion.jobs.SparkTestSession;
import org.deeplesion.jobs.detect.TrainOptions;
import org.deeplesion.jobs.ingest.IngestJob;
import org.deeplesion.jobs.ingest.IngestOptions;
import org.deeplesion.jobs.lake.Lake;
import org.deeplesion.jobs.lake.LakeTable;
import org.deeplesion.jobs.mine.MineJob;
import org.deeplesion.jobs.mine.MineOptions;
import org.deeplesion.synth.CohortGenerator;
import org.deeplesion.synth.CohortSpec;
import org.deeplesion.synth.OutputFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ablation in miniature: two arms (true types, and pseudo labels with class-aware proposals) with one seed each
 * and two short epochs, on a cohort of its own, so that its categorisation leaves other tests' lakes alone.
 */
class ExperimentJobTest {

    private static final byte[] SECRET = "experiment-test-secret".getBytes(StandardCharsets.UTF_8);
    private static final DetectorGeometry GEOMETRY =
            new DetectorGeometry(2.0, 2.0, Window.SOFT_TISSUE, 8, 48, 32, 2.0, 16.0);

    @TempDir
    Path dir;

    @Test
    void anAblationTrainsEveryArmEvaluatesThemTogetherAndReportsEachArmsSpread() throws IOException {
        SparkSession spark = SparkTestSession.get();
        CohortSpec spec = CohortSpec.defaults(40, 17)
                .withImageSize(128, 128)
                .withPixelSpacingMm(2.9, 3.3)
                .withSlicesPerSeries(5, 7)
                .withLesionsPerSeries(2, 3);
        CohortGenerator.generate(spec, dir.resolve("archive"), EnumSet.of(OutputFormat.DICOM));
        Lake lake = new Lake(spark, dir.resolve("lake").toUri().toString());
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
        new MineJob(spark, new MineOptions(lake.root(), null, null, 7, 0.6, 0.1, null)).run();
        String truth = dir.resolve("archive/truth.json").toString();
        TrainOptions training = new TrainOptions(
                lake.root(),
                TrainOptions.SINGLE,
                List.of("train"),
                2,
                1,
                24,
                8,
                32,
                6,
                2,
                1,
                false,
                GEOMETRY,
                new DetectorSettings(24, 0.7, 0.3, 24, true));

        ExperimentSummary summary = new ExperimentJob(
                        spark,
                        new ExperimentOptions(
                                lake.root(),
                                truth,
                                "test",
                                List.of(Arm.TRUTH, Arm.PSEUDO_AWARE),
                                List.of(1L),
                                null,
                                2,
                                3,
                                1,
                                training))
                .run();
        System.out.println(summary.lines());

        assertThat(summary.arms()).extracting(ArmResult::arm).containsExactly(Arm.TRUTH, Arm.PSEUDO_AWARE);
        ArmResult trueTypes = summary.arms().get(0);
        ArmResult pseudo = summary.arms().get(1);
        assertThat(trueTypes.classes()).as("the cohort's lesion types").isGreaterThan(1);
        assertThat(trueTypes.labelRun()).isNull();
        assertThat(pseudo.classes()).isBetween(2, 3);
        Row categorized = lake.read(LakeTable.RUNS)
                .orElseThrow()
                .filter(col("run_id").equalTo(pseudo.labelRun()))
                .first();
        assertThat(categorized.<String>getAs("job")).isEqualTo("categorize");
        Row trained = lake.read(LakeTable.RUNS)
                .orElseThrow()
                .filter(col("run_id").equalTo(pseudo.models().get(0)))
                .first();
        assertThat(trained.<String, String>getJavaMap(trained.fieldIndex("parameters")))
                .containsEntry("class_aware_proposals", "true")
                .containsEntry("label_run", pseudo.labelRun());
        double random = summary.baseline().bookmarked().sensitivityAt(16);
        for (ArmResult arm : summary.arms()) {
            assertThat(arm.bookmarked().get("16").mean())
                    .as("%s at 16 FP per image; random boxes %s", arm.arm(), random)
                    .isGreaterThan(random);
            assertThat(arm.bookmarked().get("4").sd()).as("one seed").isZero();
        }

        Path report = Path.of(URI.create(summary.report()));
        assertThat(report.resolve("froc.png")).isNotEmptyFile();
        assertThat(report.resolve("froc-complete.png")).isNotEmptyFile();
        assertThat(Files.readString(report.resolve("report.md")))
                .contains("| true types (upper bound) |", "| pseudo labels, class-aware proposals |");
        JsonNode json =
                new ObjectMapper().readTree(report.resolve("ablation.json").toFile());
        assertThat(json.path("arms")
                        .path("truth")
                        .path("bookmarked")
                        .path("sensitivity")
                        .path("4")
                        .path("mean")
                        .asDouble())
                .isEqualTo(trueTypes.bookmarked().get("4").mean());
        assertThat(json.path("arms")
                        .path("pseudo-aware")
                        .path("complete_per_type")
                        .size())
                .isGreaterThan(1);
        assertThat(lake.read(LakeTable.RUNS)
                        .orElseThrow()
                        .filter(col("run_id").equalTo(summary.runId()))
                        .first()
                        .<String>getAs("job"))
                .isEqualTo("experiment");

        // An experiment that reuses every model trains and categorises nothing and reports the same figures.
        long runsBefore = lake.read(LakeTable.RUNS).orElseThrow().count();
        ExperimentSummary again = new ExperimentJob(
                        spark,
                        new ExperimentOptions(
                                lake.root(),
                                truth,
                                "test",
                                List.of(Arm.TRUTH, Arm.PSEUDO_AWARE),
                                List.of(1L),
                                null,
                                2,
                                3,
                                1,
                                training,
                                Map.of(
                                        "truth:1", trueTypes.models().get(0),
                                        "pseudo-aware:1", pseudo.models().get(0))))
                .run();
        assertThat(lake.read(LakeTable.RUNS).orElseThrow().count())
                .as("one evaluation run and the experiment's own")
                .isEqualTo(runsBefore + 2);
        assertThat(again.arms().get(1).labelRun()).isEqualTo(pseudo.labelRun());
        assertThat(again.arms().get(0).bookmarked().get("4").mean())
                .isEqualTo(trueTypes.bookmarked().get("4").mean());
    }
}
