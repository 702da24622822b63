package org.deeplesion.jobs.ingest;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.assertj.core.data.Offset;
import org.deeplesion.ct.HounsfieldUnits;
import org.deeplesion.ct.HuPixels;
import org.deeplesion.dicom.DicomReader;
import org.deeplesion.jobs.SparkTestSession;
import org.deeplesion.jobs.TestArchives;
import org.deeplesion.jobs.lake.Lake;
import org.deeplesion.jobs.lake.LakeTable;
import org.deeplesion.release.DeepLesionUids;
import org.deeplesion.release.DlInfoCsv;
import org.deeplesion.release.DlInfoRow;
import org.deeplesion.release.DlSeriesKey;
import org.deeplesion.synth.CohortTruth;
import org.deeplesion.synth.PatientTruth;
import org.deeplesion.synth.SeriesTruth;
import org.deeplesion.synth.StudyTruth;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ingest of a folder laid out as the public DeepLesion release (16-bit PNGs plus DL_info.csv). */
class IngestDeepLesionReleaseTest {

    private static final byte[] SECRET = "release-secret-0123456789".getBytes(StandardCharsets.UTF_8);

    @TempDir
    static Path dir;

    private static SparkSession spark;
    private static CohortTruth truth;
    private static Lake lake;
    private static IngestSummary first;
    private static Set<String> listedSeries;

    @BeforeAll
    static void ingestRelease() throws IOException {
        spark = SparkTestSession.get();
        truth = TestArchives.cohort(dir.resolve("release"), 2, 21);
        Path images = dir.resolve("release").resolve(DlSeriesKey.IMAGES_FOLDER);
        listedSeries = DlInfoCsv.read(dir.resolve("release/DL_info.csv")).stream()
                .map(r -> r.seriesKey().folderName())
                .collect(Collectors.toSet());
        Path someSeries = images.resolve(listedSeries.iterator().next());
        byte[] png = Files.readAllBytes(someSeries.resolve("001.png"));
        Files.write(someSeries.resolve("999.png"), Arrays.copyOf(png, png.length / 2));
        lake = new Lake(spark, dir.resolve("lake").toUri().toString());
        first = run();
    }

    private static IngestSummary run() {
        return new IngestJob(
                        spark,
                        new IngestOptions(
                                List.of(dir.resolve("release").toUri().toString()),
                                lake.root(),
                                SECRET,
                                false,
                                64L << 20,
                                8))
                .run();
    }

    private static long pngsInListedSeries() throws IOException {
        try (Stream<Path> s = Files.walk(dir.resolve("release").resolve(DlSeriesKey.IMAGES_FOLDER))) {
            return s.filter(p -> p.toString().endsWith(".png"))
                            .filter(p -> listedSeries.contains(
                                    p.getParent().getFileName().toString()))
                            .count()
                    - 1;
        }
    }

    @Test
    void everyPngOfASeriesInDlInfoBecomesASlice() throws IOException {
        assertThat(first.slices()).isEqualTo(pngsInListedSeries()).isPositive();
        assertThat(lake.read(LakeTable.SLICES)
                        .orElseThrow()
                        .filter(col("source_kind").equalTo("deeplesion_png"))
                        .count())
                .isEqualTo(first.slices());
    }

    @Test
    void pngHuEqualsTheSameSliceDecodedFromDicom() throws IOException {
        DicomReader reader = new DicomReader();
        Map<String, Path> dicomBySop = new HashMap<>();
        for (Path p : TestArchives.ctSlices(dir.resolve("release/dicom"))) {
            dicomBySop.put(reader.read(p).sopInstanceUid(), p);
        }
        int checked = 0;
        for (PatientTruth patient : truth.patients()) {
            for (StudyTruth study : patient.studies()) {
                for (SeriesTruth series : study.series()) {
                    DlSeriesKey key = new DlSeriesKey(patient.patientIndex(), study.studyIndex(), series.seriesIndex());
                    if (!listedSeries.contains(key.folderName())) {
                        continue;
                    }
                    int n = series.sliceCount() / 2 + 1;
                    Row row = lake.read(LakeTable.SLICES)
                            .orElseThrow()
                            .filter(col("sop_instance_uid").equalTo(DeepLesionUids.slice(key, n)))
                            .first();
                    assertThat((int) row.getAs("slice_index")).isEqualTo(n - 1);
                    assertThat((double) row.getAs("row_spacing_mm"))
                            .isCloseTo(series.pixelSpacingMm(), Offset.offset(1e-6));
                    assertThat((double) row.getAs("slice_interval_mm"))
                            .isCloseTo(series.sliceIntervalMm(), Offset.offset(1e-6));
                    short[] hu = HuPixels.fromBytes(row.getAs("hu"), row.getAs("rows"), row.getAs("columns"));
                    Path dicom = dicomBySop.get(series.sopInstanceUids().get(n - 1));
                    assertThat(hu).containsExactly(HounsfieldUnits.of(reader.read(dicom), 0));
                    checked++;
                }
            }
        }
        assertThat(checked).isPositive();
    }

    @Test
    void aTruncatedPngIsRejectedAndSeriesMissingFromDlInfoAreNamed() throws IOException {
        List<Row> rejects = lake.read(LakeTable.REJECTS).orElseThrow().collectAsList();
        assertThat(rejects)
                .anySatisfy(r -> assertThat((String) r.getAs("source")).endsWith("999.png"));
        long unlisted;
        try (Stream<Path> s = Files.walk(dir.resolve("release").resolve(DlSeriesKey.IMAGES_FOLDER))) {
            unlisted = s.filter(p -> p.toString().endsWith(".png"))
                    .filter(p ->
                            !listedSeries.contains(p.getParent().getFileName().toString()))
                    .count();
        }
        assertThat(rejects)
                .filteredOn(r -> ((String) r.getAs("reason")).contains("is not listed in DL_info.csv"))
                .hasSize((int) unlisted);
        assertThat(first.rejects()).isEqualTo(unlisted + 1);
    }

    @Test
    void reRunningAddsNothing() {
        long before = lake.read(LakeTable.SLICES).orElseThrow().count();

        IngestSummary again = run();

        assertThat(again.slices()).isZero();
        assertThat(lake.read(LakeTable.SLICES).orElseThrow().count()).isEqualTo(before);
    }

    @Test
    void patientKeysArePseudonymsOfTheReleasePatientIndex() {
        List<Row> keys = lake.read(LakeTable.SLICES)
                .orElseThrow()
                .select("patient_key")
                .distinct()
                .collectAsList();
        assertThat(keys).hasSize((int)
                listedSeries.stream().map(s -> s.substring(0, 6)).distinct().count());
        assertThat(keys).allSatisfy(r -> assertThat(r.getString(0)).matches("[0-9a-f]{32}"));
    }

    @Test
    void dlInfoRowsFindTheirKeySliceByDerivedUid() throws IOException {
        for (DlInfoRow row : DlInfoCsv.read(dir.resolve("release/DL_info.csv"))) {
            String uid = DeepLesionUids.slice(row.seriesKey(), row.keySliceIndex());
            assertThat(lake.read(LakeTable.SLICES)
                            .orElseThrow()
                            .filter(col("sop_instance_uid").equalTo(uid))
                            .count())
                    .as(row.fileName())
                    .isEqualTo(1);
        }
    }
}
