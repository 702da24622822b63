package org.deeplesion.jobs.refresh;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.deeplesion.ct.Window;
import org.deeplesion.embed.CropGeometry;
import org.deeplesion.jobs.SparkTestSession;
import org.deeplesion.jobs.TestArchives;
import org.deeplesion.jobs.categorize.CategorizeOptions;
import org.deeplesion.jobs.ingest.IngestOptions;
import org.deeplesion.jobs.lake.Lake;
import org.deeplesion.jobs.lake.LakeTable;
import org.deeplesion.jobs.mine.MineOptions;
import org.deeplesion.synth.LesionTruth;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The categorize stage of a refresh: it labels the lake when lesions are new, and only then. */
class RefreshCategorizeTest {

    private static final byte[] KEY = "refresh-categorize-key-0123456789".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    @Test
    void newLesionsAreCategorisedWithTheWholeLakeAndNothingNewRunsNothing() throws IOException {
        SparkSession spark = SparkTestSession.get();
        Path archive = dir.resolve("archive");
        addDicomCohort(archive, "first", 3, 71);
        Lake lake = new Lake(spark, dir.resolve("lake").toUri().toString());

        RefreshSummary first = refresh(spark, archive, lake);
        long lesions = lake.read(LakeTable.LESIONS).orElseThrow().count();
        assertThat(first.countsByStage().get("categorize"))
                .containsEntry("uncategorised", lesions)
                .containsEntry("lesions", lesions);
        assertThat(latestLabels(lake).count()).isEqualTo(lesions);

        RefreshSummary idle = refresh(spark, archive, lake);
        assertThat(idle.countsByStage().get("categorize")).containsEntry("uncategorised", 0L);
        assertThat(categorizeRuns(lake)).isEqualTo(1);

        assertThat(addDicomCohort(archive, "second", 3, 75))
                .as("bookmarks in the new export")
                .isPositive();
        RefreshSummary grown = refresh(spark, archive, lake);
        long allLesions = lake.read(LakeTable.LESIONS).orElseThrow().count();
        assertThat(allLesions).isGreaterThan(lesions);
        assertThat(grown.countsByStage().get("categorize"))
                .containsEntry("uncategorised", allLesions - lesions)
                .containsEntry("lesions", allLesions);
        assertThat(categorizeRuns(lake)).isEqualTo(2);
        assertThat(latestLabels(lake).count()).isEqualTo(allLesions);
    }

    /** A new export arriving in the archive: the DICOM files of a freshly generated cohort. */
    private long addDicomCohort(Path archive, String name, int patients, long seed) throws IOException {
        Path generated = dir.resolve("generated-" + name);
        long bookmarks = TestArchives.cohort(generated, patients, seed).lesions().stream()
                .filter(LesionTruth::bookmarked)
                .count();
        Files.createDirectories(archive);
        Files.move(generated.resolve("dicom"), archive.resolve(name));
        return bookmarks;
    }

    private static RefreshSummary refresh(SparkSession spark, Path archive, Lake lake) {
        IngestOptions ingest =
                new IngestOptions(List.of(archive.toUri().toString()), lake.root(), KEY, false, 64L << 20, 8);
        MineOptions mine = new MineOptions(lake.root(), null, null, 1, 0.7, 0.15, KEY);
        CategorizeOptions categorize = new CategorizeOptions(
                lake.root(),
                2,
                2,
                2,
                1,
                0.9,
                1,
                8,
                1,
                null,
                null,
                new CropGeometry(16, List.of(2.0), 2.0, List.of(Window.SOFT_TISSUE)));
        return new RefreshJob(spark, new RefreshOptions(ingest, mine, categorize, Duration.ofHours(1), false)).run();
    }

    private static long categorizeRuns(Lake lake) {
        return lake.read(LakeTable.RUNS)
                .orElseThrow()
                .filter(col("job").equalTo("categorize"))
                .count();
    }

    /** The pseudo labels of the latest categorisation run. */
    private static Dataset<Row> latestLabels(Lake lake) {
        String latest = lake.read(LakeTable.RUNS)
                .orElseThrow()
                .filter(col("job").equalTo("categorize"))
                .orderBy(col("finished_at").desc())
                .first()
                .getAs("run_id");
        return lake.read(LakeTable.PSEUDO_LABELS)
                .orElseThrow()
                .filter(col("run_id").equalTo(latest));
    }
}
