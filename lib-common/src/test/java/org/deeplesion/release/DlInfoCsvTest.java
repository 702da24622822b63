package org.deeplesion.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.assertj.core.api.recursive.comparison.RecursiveComparisonConfiguration;
import org.deeplesion.recist.BoundingBox;
import org.deeplesion.recist.PixelPoint;
import org.deeplesion.recist.RecistMeasurement;
import org.deeplesion.recist.Split;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DlInfoCsvTest {

    private static final String HEADER = "File_name,Patient_index,Study_index,Series_ID,Key_slice_index,"
            + "Measurement_coordinates,Bounding_boxes,Lesion_diameters_Pixel_,Normalized_lesion_location,"
            + "Coarse_lesion_type,Possibly_noisy,Slice_range,Spacing_mm_px_,Image_size,DICOM_windows,"
            + "Patient_gender,Patient_age,Train_Val_Test";

    /** A line as the release writes it: 1-based coordinates, quoted lists. */
    private static final String RELEASE_LINE = "000001_01_01_109.png,1,1,1,109,"
            + "\"233.537, 95.0204, 234.057, 106.977, 231.169, 101.605, 236.307, 101.213\","
            + "\"226.169, 90.0204, 241.307, 111.977\",\"11.9677, 5.1531\",\"0.44389, 0.549, 0.56515\","
            + "-1,0,\"103, 115\",\"0.78125, 0.78125, 5\",\"512, 512\",\"-175, 275\",F,62,1";

    private static DlInfoRow row(double x) {
        RecistMeasurement recist = RecistMeasurement.twoAxes(
                new PixelPoint(x, 40.25),
                new PixelPoint(x + 20, 50),
                new PixelPoint(x + 12.5, 38),
                new PixelPoint(x + 8, 52.125));
        return new DlInfoRow(
                "000002_03_01_007.png",
                2,
                3,
                1,
                7,
                recist,
                BoundingBox.fromRecist(recist, 512, 512),
                recist.longDiameterPx(),
                recist.shortDiameterPx(),
                new DlInfoRow.Location(0.25, 0.5, 0.125),
                CoarseLesionType.LIVER,
                false,
                new DlInfoRow.SliceRange(1, 12),
                new DlInfoRow.Spacing(0.703125, 0.703125, 2.5),
                512,
                512,
                new DlInfoRow.Window(-175, 275),
                "M",
                47,
                Split.VALIDATION);
    }

    @Test
    void headerListsTheReleasesEighteenColumnsInOrder() throws IOException {
        StringWriter out = new StringWriter();
        DlInfoCsv.write(List.of(), out);

        assertThat(out.toString()).isEqualTo(HEADER + "\n");
        assertThat(DlInfoCsv.COLUMNS).hasSize(18);
    }

    @Test
    void writtenRowsReadBackEqual(@TempDir Path dir) throws IOException {
        List<DlInfoRow> rows = List.of(row(100), row(300.5));
        Path csv = dir.resolve("DL_info.csv");

        DlInfoCsv.write(csv, rows);
        List<DlInfoRow> read = DlInfoCsv.read(csv);

        // Pixel values are written with 4 decimals, as in the release.
        assertThat(read)
                .usingRecursiveFieldByFieldElementComparator(RecursiveComparisonConfiguration.builder()
                        .withComparatorForType(
                                (a, b) -> Math.abs(a - b) <= 5e-5 ? 0 : Double.compare(a, b), Double.class)
                        .build())
                .isEqualTo(rows);
    }

    @Test
    void fileHoldsPixelCoordinatesOneBased() throws IOException {
        StringWriter out = new StringWriter();
        DlInfoCsv.write(List.of(row(100)), out);

        String line = out.toString().split("\n")[1];
        assertThat(line)
                .startsWith("000002_03_01_007.png,2,3,1,7,\"101, 41.25, 121, 51, 113.5, 39, 109, 53.125\","
                        + "\"96, 34, 126, 58.125\"");
        assertThat(line).endsWith(",4,0,\"1, 12\",\"0.703125, 0.703125, 2.5\",\"512, 512\",\"-175, 275\",M,47,2");
    }

    @Test
    void releaseLineParsesToZeroBasedGeometry() throws IOException {
        DlInfoRow row = DlInfoCsv.read("DL_info.csv", new StringReader(HEADER + "\n" + RELEASE_LINE + "\n"))
                .get(0);

        assertThat(row.seriesKey()).isEqualTo(new DlSeriesKey(1, 1, 1));
        assertThat(row.keySliceIndex()).isEqualTo(109);
        assertThat(row.recist().longStart().x()).isCloseTo(232.537, within(1e-9));
        assertThat(row.box().x1()).isCloseTo(225.169, within(1e-9));
        assertThat(row.box().y2()).isCloseTo(110.977, within(1e-9));
        assertThat(row.coarseLesionType()).isEqualTo(CoarseLesionType.UNLABELLED);
        assertThat(row.slices()).isEqualTo(new DlInfoRow.SliceRange(103, 115));
        assertThat(row.spacing()).isEqualTo(new DlInfoRow.Spacing(0.78125, 0.78125, 5));
        assertThat(row.window()).isEqualTo(new DlInfoRow.Window(-175, 275));
        assertThat(row.age()).isEqualTo(62);
        assertThat(row.split()).isEqualTo(Split.TRAIN);
    }

    @Test
    void emptyAgeReadsAsUnknown() throws IOException {
        String line = RELEASE_LINE.replace(",F,62,1", ",F,,1");

        assertThat(DlInfoCsv.read("x", new StringReader(HEADER + "\n" + line))
                        .get(0)
                        .age())
                .isNull();
    }

    @Test
    void malformedNumberIsReportedWithFileLineAndColumn() {
        String bad = RELEASE_LINE.replace("\"11.9677, 5.1531\"", "\"11.9677, five\"");

        assertThatThrownBy(() -> DlInfoCsv.read(
                        "/data/DL_info.csv", new StringReader(HEADER + "\n" + RELEASE_LINE + "\n" + bad + "\n")))
                .isInstanceOf(DlInfoFormatException.class)
                .hasMessage("/data/DL_info.csv:3: column Lesion_diameters_Pixel_: 'five' is not a number")
                .satisfies(e -> assertThat(((DlInfoFormatException) e).line()).isEqualTo(3));
    }

    @Test
    void missingColumnIsReportedWithItsLine() {
        String shortLine = RELEASE_LINE.substring(0, RELEASE_LINE.lastIndexOf(','));

        assertThatThrownBy(() -> DlInfoCsv.read("DL_info.csv", new StringReader(HEADER + "\n" + shortLine)))
                .isInstanceOf(DlInfoFormatException.class)
                .hasMessage("DL_info.csv:2: expected 18 columns, found 17");
    }

    @Test
    void wrongNumberOfCoordinatesIsReported() {
        String bad = RELEASE_LINE.replace("\"103, 115\"", "\"103\"");

        assertThatThrownBy(() -> DlInfoCsv.read("DL_info.csv", new StringReader(HEADER + "\n" + bad)))
                .isInstanceOf(DlInfoFormatException.class)
                .hasMessageContaining("DL_info.csv:2: column Slice_range: must hold 2 values");
    }

    @Test
    void fileNameDisagreeingWithItsIndicesIsReported() {
        String bad = RELEASE_LINE.replaceFirst("000001_01_01_109.png,1,1,1,109", "000001_01_01_109.png,1,2,1,109");

        assertThatThrownBy(() -> DlInfoCsv.read("DL_info.csv", new StringReader(HEADER + "\n" + bad)))
                .isInstanceOf(DlInfoFormatException.class)
                .hasMessageContaining("DL_info.csv:2: File_name 000001_01_01_109.png disagrees");
    }

    @Test
    void unknownHeaderIsRejected(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("DL_info.csv");
        Files.writeString(csv, "File_name,Patient_index\n");

        assertThatThrownBy(() -> DlInfoCsv.read(csv))
                .isInstanceOf(DlInfoFormatException.class)
                .hasMessageStartingWith(csv + ":1: header must be File_name,Patient_index,Study_index");
    }
}
