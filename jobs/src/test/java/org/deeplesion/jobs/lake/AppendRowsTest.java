package org.deeplesion.jobs.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.actions.AddFile;
import org.apache.spark.sql.types.StructType;
import org.deeplesion.jobs.SparkTestSession;
import org.deeplesion.jobs.spark.RowValues;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Lake#insertNew}, the writer of the slices' pixels, against what Spark's own Delta writer makes of the
 * same rows: the same rows read back, the same Spark schema in the files, the same per-file statistics where it
 * keeps them.
 */
class AppendRowsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** UIDs longer than the 32 characters Delta keeps of a string bound. */
    private static final String STUDY_A = "1.2.826.0.1.3680043.8.498.1111111111111111111";

    private static final String STUDY_B = "1.2.826.0.1.3680043.8.498.2222222222222222222";

    /** Strings that Delta cuts: a surrogate pair across the cut, a non-ASCII character after it. */
    private static final String BODY_PART = "x".repeat(31) + "\uD83D\uDE00";

    private static final String MANUFACTURER = "\u00C5".repeat(40);

    @TempDir
    Path dir;

    private final SparkSession spark = SparkTestSession.get();
    private final JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());

    private static Row slice(String study, int n, String patientKey) {
        byte[] hu = new byte[2 * 64];
        for (int i = 0; i < hu.length; i++) {
            hu[i] = (byte) (i * 7 + n);
        }
        boolean odd = n % 2 == 1;
        return RowFactory.create(
                patientKey,
                study,
                study + ".5",
                study + ".5." + n,
                0,
                odd ? null : "1.2.840.10008.5.1.4.1.1.2",
                odd ? null : n + 1,
                n,
                -12.5 * n,
                RowValues.array(new ArrayList<>(List.of(-100.0, -90.5, -12.5 * n))),
                odd ? null : RowValues.array(new ArrayList<>(List.of(1.0, 0.0, 0.0, 0.0, 1.0, 0.0))),
                8,
                8,
                0.7,
                0.7,
                odd ? null : 2.5,
                2.5,
                40.0,
                400.0,
                "CT",
                odd ? null : BODY_PART + n,
                study.equals(STUDY_A) ? "ACME é" : MANUFACTURER,
                "1.2.840.10008.1.2.1",
                hu,
                "file:/archive/" + study + "/IM_" + n + ".dcm",
                "dicom",
                1000L + n,
                new Timestamp(1_700_000_000_123L + n),
                "run-1");
    }

    private static List<Row> slices() {
        List<Row> rows = new ArrayList<>();
        for (int n = 0; n < 4; n++) {
            rows.add(slice(STUDY_A, n, "patient-" + (9 - n)));
        }
        for (int n = 4; n < 7; n++) {
            rows.add(slice(STUDY_B, n, "patient-" + n));
        }
        return rows;
    }

    private static List<Row> sorted(List<Row> rows) {
        return rows.stream()
                .sorted((a, b) -> a.getString(3).compareTo(b.getString(3)))
                .toList();
    }

    private static Map<String, AddFile> filesByStudy(SparkSession spark, String table) {
        Map<String, AddFile> out = new HashMap<>();
        for (AddFile f : DeltaLog.forTable(spark, table)
                .update(false, scala.Option.empty(), scala.Option.empty())
                .allFiles()
                .collectAsList()) {
            assertThat(out.put(f.partitionValues().apply("study_uid"), f))
                    .as("one file per study")
                    .isNull();
        }
        return out;
    }

    @Test
    void writesTheRowsFilesAndStatisticsThatSparksOwnDeltaWriterWrites() throws IOException {
        Lake direct = new Lake(spark, dir.resolve("direct").toUri().toString());
        Lake viaSpark = new Lake(spark, dir.resolve("spark").toUri().toString());

        int files =
                direct.insertNew(LakeTable.SLICES, jsc.parallelize(slices(), 1)).files();
        viaSpark.append(
                LakeTable.SLICES,
                spark.createDataFrame(slices(), LakeTable.SLICES.schema()).coalesce(1));

        assertThat(files).isEqualTo(2);
        List<Row> read =
                direct.read(LakeTable.SLICES).orElseThrow().select(columns()).collectAsList();
        assertThat(sorted(read))
                .isEqualTo(sorted(viaSpark.read(LakeTable.SLICES)
                        .orElseThrow()
                        .select(columns())
                        .collectAsList()));
        assertThat(sorted(read)).isEqualTo(sorted(slices()));
        assertThat(direct.read(LakeTable.SLICES).orElseThrow().schema()).isEqualTo(LakeTable.SLICES.schema());

        Map<String, AddFile> ours = filesByStudy(spark, direct.path(LakeTable.SLICES));
        Map<String, AddFile> theirs = filesByStudy(spark, viaSpark.path(LakeTable.SLICES));
        assertThat(ours.keySet()).containsExactlyInAnyOrder(STUDY_A, STUDY_B);
        for (String study : ours.keySet()) {
            AddFile file = ours.get(study);
            assertThat(file.path()).startsWith("study_uid=" + study + "/part-").endsWith(".zstd.parquet");
            assertThat(Files.size(dir.resolve("direct/slices").resolve(file.path())))
                    .isEqualTo(file.size());
            // Plain Spark reads the data file with the columns Spark itself writes (the partition column aside).
            assertThat(spark.read()
                            .parquet(direct.path(LakeTable.SLICES) + "/" + file.path())
                            .schema())
                    .isEqualTo(spark.read()
                            .parquet(viaSpark.path(LakeTable.SLICES) + "/"
                                    + theirs.get(study).path())
                            .schema());

            JsonNode mine = JSON.readTree(file.stats());
            JsonNode delta = JSON.readTree(theirs.get(study).stats());
            assertThat(mine.get("numRecords").asLong())
                    .isEqualTo(delta.get("numRecords").asLong())
                    .isEqualTo(study.equals(STUDY_A) ? 4 : 3);
            for (String kind : List.of("minValues", "maxValues", "nullCount")) {
                List<String> kept = new ArrayList<>();
                mine.get(kind).fields().forEachRemaining(e -> {
                    kept.add(e.getKey());
                    assertThat(e.getValue())
                            .as(kind + " of " + e.getKey() + " in " + study)
                            .isEqualTo(delta.get(kind).get(e.getKey()));
                });
                // Bounds for every string and number column (the cut UIDs among them), counts for binary too.
                assertThat(kept)
                        .contains(
                                "patient_key",
                                "series_uid",
                                "sop_instance_uid",
                                "frame_index",
                                "instance_number",
                                "position_mm",
                                "slice_thickness_mm",
                                "manufacturer",
                                "source_size");
                if (kind.equals("nullCount")) {
                    assertThat(kept).contains("hu");
                }
            }
            assertThat(mine.get("maxValues").get("sop_instance_uid").asText())
                    .hasSize(33)
                    .endsWith("\u007F");
            assertThat(mine.get("minValues").get("body_part").asText()).isEqualTo(BODY_PART);
            if (study.equals(STUDY_B)) {
                assertThat(mine.get("maxValues").get("manufacturer").asText())
                        .isEqualTo("\u00C5".repeat(32) + "\uDBFF\uDFFF");
            }
        }
    }

    @Test
    void appendsToATableSparkCreatedAndRefusesATableWithOtherColumns() {
        Lake lake = new Lake(spark, dir.toUri().toString());
        List<Row> rows = slices();
        lake.append(LakeTable.SLICES, spark.createDataFrame(rows.subList(0, 3), LakeTable.SLICES.schema()));

        lake.insertNew(LakeTable.SLICES, jsc.parallelize(rows.subList(3, rows.size()), 2));

        assertThat(sorted(lake.read(LakeTable.SLICES)
                        .orElseThrow()
                        .select(columns())
                        .collectAsList()))
                .isEqualTo(sorted(rows));
        assertThat(lake.version(LakeTable.SLICES)).isEqualTo(1);

        Lake other = new Lake(spark, dir.resolve("other").toUri().toString());
        spark.createDataFrame(List.of(RowFactory.create("x")), new StructType().add("source", "string"))
                .write()
                .format("delta")
                .save(other.path(LakeTable.SLICES));
        assertThatThrownBy(() -> other.insertNew(LakeTable.SLICES, jsc.parallelize(rows, 1)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("table slices has columns struct<source:string>");
    }

    @Test
    void aRowThatBreaksTheSchemaFailsTheWriteWithoutCommittingOrLeavingFiles() throws IOException {
        Lake lake = new Lake(spark, dir.toUri().toString());
        List<Row> rows = new ArrayList<>(slices());
        rows.set(5, slice(STUDY_B, 5, null));

        assertThatThrownBy(() -> lake.insertNew(LakeTable.SLICES, jsc.parallelize(rows, 1)))
                .hasStackTraceContaining("table slices: column patient_key may not be null");

        assertThat(lake.exists(LakeTable.SLICES)).isFalse();
        try (Stream<Path> files = Files.walk(dir)) {
            assertThat(files.filter(p -> p.toString().endsWith(".parquet"))).isEmpty();
        }
    }

    @Test
    void startsANewFileAtMaxRecordsPerFileAndCommitsNothingForNoRows() {
        Lake lake = new Lake(spark, dir.toUri().toString());
        String key = "spark.sql.files.maxRecordsPerFile";
        String before = spark.conf().get(key);
        spark.conf().set(key, "2");
        try {
            assertThat(lake.insertNew(LakeTable.SLICES, jsc.parallelize(slices(), 1))
                            .files())
                    .isEqualTo(4);
        } finally {
            spark.conf().set(key, before);
        }
        assertThat(lake.read(LakeTable.SLICES).orElseThrow().count()).isEqualTo(7);

        assertThat(lake.insertNew(LakeTable.SLICES, jsc.parallelize(List.<Row>of(), 2))
                        .files())
                .isZero();
        assertThat(lake.version(LakeTable.SLICES)).isZero();
    }

    @Test
    void writesMapsTimestampsAndNullsOfTheRunsTable() {
        Lake lake = new Lake(spark, dir.toUri().toString());
        Map<String, Long> counts = new TreeMap<>(Map.of("slices", 12L, "rejects", 0L));
        Row run = RowFactory.create(
                "run-9",
                "ingest",
                "succeeded",
                Timestamp.valueOf("2026-11-29 09:00:00.123456"),
                Timestamp.valueOf("2026-11-29 09:00:17.5"),
                17.377,
                RowValues.map(new HashMap<>(Map.of("lake", "file:/lake"))),
                RowValues.map(counts),
                RowValues.map(new HashMap<String, Double>()));

        lake.insertNew(LakeTable.RUNS, List.of(run));

        Row back = lake.read(LakeTable.RUNS).orElseThrow().collectAsList().get(0);
        assertThat(back.getTimestamp(3)).isEqualTo(Timestamp.valueOf("2026-11-29 09:00:00.123456"));
        assertThat(back.getDouble(5)).isEqualTo(17.377);
        assertThat(back.<String, String>getJavaMap(6)).containsExactly(Map.entry("lake", "file:/lake"));
        assertThat(back.<String, Long>getJavaMap(7)).containsOnly(Map.entry("slices", 12L), Map.entry("rejects", 0L));
        assertThat(back.<String, Double>getJavaMap(8)).isEmpty();
    }

    private static Column[] columns() {
        return Arrays.stream(LakeTable.SLICES.schema().fieldNames())
                .map(org.apache.spark.sql.functions::col)
                .toArray(Column[]::new);
    }
}
