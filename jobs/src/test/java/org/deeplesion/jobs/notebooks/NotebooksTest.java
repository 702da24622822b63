package org.deeplesion.jobs.notebooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.delta.tables.DeltaTable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.SparkSession;
import org.deeplesion.ct.Window;
import org.deeplesion.detect.DetectorGeometry;
import org.deeplesion.detect.DetectorSettings;
import org.deeplesion.embed.CropGeometry;
import org.deeplesion.jobs.SparkTestSession;
import org.deeplesion.jobs.TestArchives;
import org.deeplesion.jobs.categorize.CategorizeJob;
import org.deeplesion.jobs.categorize.CategorizeOptions;
import org.deeplesion.jobs.detect.DetectJob;
import org.deeplesion.jobs.detect.DetectOptions;
import org.deeplesion.jobs.detect.TrainJob;
import org.deeplesion.jobs.detect.TrainOptions;
import org.deeplesion.jobs.detect.TrainSummary;
import org.deeplesion.jobs.ingest.IngestJob;
import org.deeplesion.jobs.ingest.IngestOptions;
import org.deeplesion.jobs.lake.Lake;
import org.deeplesion.jobs.mine.MineJob;
import org.deeplesion.jobs.mine.MineOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the Zeppelin notes in {@code notebooks/} against a fresh lake (a synthetic cohort with broken files, ingested
 * and mined on real Spark), paragraph by paragraph in note order, as Zeppelin's "run all" would: {@code %spark.sql}
 * through {@code spark.sql} (at least one row), {@code %spark} through the Scala interpreter (success, and at least
 * one row in a DataFrame it shows). The fixture lake is categorised and carries a (briefly trained) detector's
 * detections. A note runs when every table it registers exists in the lake; notes that cannot are listed on the
 * console.
 */
class NotebooksTest {

    private static final Path NOTEBOOKS = Path.of("..", "notebooks");
    /** The notes' one parameter: the first paragraph's form, replaced by the fresh lake's root. */
    private static final Pattern LAKE_FORM = Pattern.compile("z\\.textbox\\(\"lake\", \"[^\"]*\"\\)");

    private static final Pattern REGISTERED = Pattern.compile("load\\(s\"\\$lake/(\\w+)\"\\)");
    /** A paragraph that ends by showing a DataFrame: {@code name.show(...)}. */
    private static final Pattern SHOWN = Pattern.compile("(?s).*\\n(\\w+)\\.show\\([^\\n]*\\)\\s*$");

    @TempDir
    static Path dir;

    private static SparkSession spark;
    private static Lake lake;
    private static ScalaRepl repl;

    @BeforeAll
    static void freshLake() throws IOException {
        spark = SparkTestSession.get();
        Path archive = dir.resolve("archive/dicom");
        TestArchives.cohort(dir.resolve("archive"), 3, 61);
        TestArchives.brokenCorpus(TestArchives.ctSlices(archive).get(0), archive.resolve(TestArchives.BROKEN));
        lake = new Lake(spark, dir.resolve("lake").toUri().toString());
        byte[] secret = "notebooks-test-secret-0123456789".getBytes(StandardCharsets.UTF_8);
        new IngestJob(
                        spark,
                        new IngestOptions(
                                List.of(archive.toUri().toString()), lake.root(), secret, false, 64L << 20, 8))
                .run();
        new MineJob(spark, new MineOptions(lake.root(), null, null, 1, 0.5, 0.25, null)).run();
        // One quick round with small crops: the cluster explorer needs pseudo labels, not good ones.
        new CategorizeJob(
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
                                1,
                                null,
                                null,
                                new CropGeometry(16, List.of(2.0), 2.0, List.of(Window.SOFT_TISSUE))))
                .run();
        // A detector trained for seconds: the results note needs detections of a real model, not good ones.
        DetectorGeometry geometry = new DetectorGeometry(4.0, 2.0, Window.SOFT_TISSUE, 8, 48, 16, 2.0, 16.0);
        TrainSummary model = new TrainJob(
                        spark,
                        new TrainOptions(
                                lake.root(),
                                TrainOptions.PSEUDO,
                                List.of("train", "validation"),
                                1,
                                1,
                                2,
                                8,
                                32,
                                4,
                                2,
                                1,
                                false,
                                geometry,
                                DetectorSettings.defaults()))
                .run();
        new DetectJob(spark, new DetectOptions(lake.root(), model.modelId(), "test")).run();
        repl = new ScalaRepl(spark);
    }

    @AfterAll
    static void closeRepl() {
        if (repl != null) {
            repl.close();
        }
    }

    @Test
    void theNotesOfTheBuiltStagesRunAgainstTheFixtureLake() throws IOException {
        List<String> runnable = new ArrayList<>();
        for (Path note : notes()) {
            if (missingTables(read(note)).isEmpty()) {
                runnable.add(note.getFileName().toString());
            }
        }
        assertThat(runnable)
                .contains(
                        "lake-overview.zpln",
                        "lesion-statistics.zpln",
                        "cluster-explorer.zpln",
                        "detector-results.zpln");
    }

    @TestFactory
    Stream<DynamicNode> everyParagraphOfEveryRunnableNote() throws IOException {
        List<DynamicNode> out = new ArrayList<>();
        List<String> ran = new ArrayList<>();
        List<String> notRun = new ArrayList<>();
        for (Path file : notes()) {
            JsonNode note = read(file);
            Set<String> missing = missingTables(note);
            if (!missing.isEmpty()) {
                notRun.add(file.getFileName() + " (no " + String.join(", ", missing) + " in the fixture lake)");
                continue;
            }
            ran.add(file.getFileName().toString());
            List<DynamicTest> paragraphs = new ArrayList<>();
            for (JsonNode p : note.get("paragraphs")) {
                String title = p.get("title").asText();
                String text = p.get("text").asText();
                paragraphs.add(DynamicTest.dynamicTest(title, () -> run(title, text)));
            }
            out.add(DynamicContainer.dynamicContainer(note.get("name").asText(), paragraphs));
        }
        System.out.println("notes run: " + ran + "; not run: " + notRun);
        return out.stream();
    }

    private static void run(String title, String text) {
        String interpreter = text.substring(0, text.indexOf('\n')).trim();
        String body = text.substring(text.indexOf('\n') + 1);
        switch (interpreter) {
            case "%md" -> assertThat(body).as(title).isNotBlank();
            case "%spark.sql" ->
                assertThat(spark.sql(body).count()).as(title + " rows").isPositive();
            case "%spark" -> {
                String code = LAKE_FORM.matcher(body).replaceAll(Matcher.quoteReplacement('"' + lake.root() + '"'));
                ScalaRepl.Outcome outcome = repl.run(code);
                assertThat(outcome.success())
                        .as(title + " failed:\n" + outcome.output())
                        .isTrue();
                Matcher shown = SHOWN.matcher(code);
                if (shown.matches()) {
                    Object value = repl.valueOf(shown.group(1));
                    assertThat(value).as(title + ": " + shown.group(1)).isInstanceOf(Dataset.class);
                    assertThat(((Dataset<?>) value).count()).as(title + " rows").isPositive();
                }
            }
            default -> throw new AssertionError(title + ": unknown interpreter " + interpreter);
        }
    }

    private static Set<String> missingTables(JsonNode note) {
        Set<String> missing = new LinkedHashSet<>();
        for (JsonNode p : note.get("paragraphs")) {
            Matcher m = REGISTERED.matcher(p.get("text").asText());
            while (m.find()) {
                if (!DeltaTable.isDeltaTable(spark, lake.root() + "/" + m.group(1))) {
                    missing.add(m.group(1));
                }
            }
        }
        return missing;
    }

    private static List<Path> notes() throws IOException {
        try (Stream<Path> s = Files.list(NOTEBOOKS)) {
            return s.filter(p -> p.toString().endsWith(".zpln")).sorted().toList();
        }
    }

    private static JsonNode read(Path note) throws IOException {
        return new ObjectMapper().readTree(note.toFile());
    }
}
