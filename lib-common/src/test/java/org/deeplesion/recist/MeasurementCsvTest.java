package org.deeplesion.recist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

class MeasurementCsvTest {

    private static final String SOURCE = "s3a://archive/measurements.csv";
    private static final String FULL_HEADER =
            "sop_instance_uid,frame,long_x1,long_y1,long_x2,long_y2,short_x1,short_y1,short_x2,short_y2,label\n";

    @Test
    void goodRowsAreRead() throws IOException {
        CsvExtraction csv =
                read(FULL_HEADER + "1.2.3.4,2,10,20,30,20,20,15,20.5,25.25,liver\n" + "1.2.3.5,,0,0,3,4,,,,,\n");

        assertThat(csv.problems()).isEmpty();
        assertThat(csv.measurements())
                .containsExactly(
                        new CsvMeasurement(
                                2,
                                "1.2.3.4",
                                null,
                                2,
                                RecistMeasurement.twoAxes(
                                        new PixelPoint(10, 20),
                                        new PixelPoint(30, 20),
                                        new PixelPoint(20, 15),
                                        new PixelPoint(20.5, 25.25)),
                                "liver"),
                        new CsvMeasurement(
                                3,
                                "1.2.3.5",
                                null,
                                1,
                                RecistMeasurement.longAxisOnly(new PixelPoint(0, 0), new PixelPoint(3, 4)),
                                null));
    }

    @Test
    void columnsMatchInAnyOrderAndCase() throws IOException {
        CsvExtraction csv = read("Long_Y2,LONG_X2,long_y1,long_x1,SOP_Instance_UID\n4,3,0,0,1.2.3.4\n");

        assertThat(csv.measurements()).singleElement().satisfies(m -> {
            assertThat(m.sopInstanceUid()).isEqualTo("1.2.3.4");
            assertThat(m.measurement())
                    .isEqualTo(RecistMeasurement.longAxisOnly(new PixelPoint(0, 0), new PixelPoint(3, 4)));
        });
    }

    @Test
    void badNumberIsAProblemNamingLineAndColumnAndTheOtherRowsAreRead() throws IOException {
        CsvExtraction csv = read(FULL_HEADER
                + "1.2.3.4,,10,20,30,20,,,,,\n"
                + "1.2.3.5,,10,2O,30,20,,,,,\n"
                + "1.2.3.6,,11,21,31,21,,,,,\n");

        assertThat(csv.problems()).containsExactly(SOURCE + ":3: column long_y1: '2O' is not a number");
        assertThat(csv.measurements()).extracting(CsvMeasurement::lineNumber).containsExactly(2, 4);
    }

    @Test
    void missingRequiredColumnIsAnErrorForTheWholeFile() {
        assertThatThrownBy(() -> read("sop_instance_uid,long_x1,long_y1,long_y2\n1.2.3.4,1,2,3\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(SOURCE)
                .hasMessageContaining("long_x2");
    }

    @Test
    void headerWithoutUidOrFileIsAnErrorForTheWholeFile() {
        assertThatThrownBy(() -> read("long_x1,long_y1,long_x2,long_y2\n1,2,3,4\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(SOURCE)
                .hasMessageContaining("sop_instance_uid")
                .hasMessageContaining("file");
    }

    @Test
    void headerWithPartOfTheShortAxisIsAnErrorForTheWholeFile() {
        assertThatThrownBy(() -> read("file,long_x1,long_y1,long_x2,long_y2,short_x1,short_y1,short_x2\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("short_y2");
    }

    @Test
    void shortAxisColumnsMayBeLeftOut() throws IOException {
        CsvExtraction csv = read("sop_instance_uid,long_x1,long_y1,long_x2,long_y2\n1.2.3.4,0,0,3,4\n");

        assertThat(csv.measurements())
                .singleElement()
                .satisfies(m -> assertThat(m.measurement().hasShortAxis()).isFalse());
    }

    @Test
    void rowWithPartOfTheShortAxisIsAProblem() throws IOException {
        CsvExtraction csv = read(FULL_HEADER + "1.2.3.4,,10,20,30,20,20,15,,,\n");

        assertThat(csv.measurements()).isEmpty();
        assertThat(csv.problems()).containsExactly(SOURCE + ":2: column short_x2: empty, needs a number");
    }

    @Test
    void fileNamesTheImageWhenUidsAreUnknown() throws IOException {
        CsvExtraction csv =
                read("file,long_x1,long_y1,long_x2,long_y2\n" + "\"s3a://archive/CT 1/IM_0001.dcm\",0,0,3,4\n");

        assertThat(csv.measurements()).singleElement().satisfies(m -> {
            assertThat(m.file()).isEqualTo("s3a://archive/CT 1/IM_0001.dcm");
            assertThat(m.sopInstanceUid()).isNull();
        });
    }

    @Test
    void rowWithNeitherUidNorFileIsAProblem() throws IOException {
        CsvExtraction csv = read("sop_instance_uid,file,long_x1,long_y1,long_x2,long_y2\n,,0,0,3,4\n");

        assertThat(csv.measurements()).isEmpty();
        assertThat(csv.problems()).containsExactly(SOURCE + ":2: needs a sop_instance_uid or a file");
    }

    @Test
    void frameBelowOneIsAProblem() throws IOException {
        CsvExtraction csv = read(FULL_HEADER + "1.2.3.4,0,10,20,30,20,,,,,\n");

        assertThat(csv.problems()).containsExactly(SOURCE + ":2: column frame: '0' is not a frame number (1, 2, ...)");
    }

    @Test
    void quotedLabelKeepsItsCommasAndQuotes() throws IOException {
        CsvExtraction csv = read(FULL_HEADER + "1.2.3.4,,10,20,30,20,,,,,\"node, \"\"right\"\" hilum\"\n");

        assertThat(csv.measurements())
                .singleElement()
                .satisfies(m -> assertThat(m.label()).isEqualTo("node, \"right\" hilum"));
    }

    @Test
    void rowWithTooFewFieldsIsAProblem() throws IOException {
        CsvExtraction csv = read(FULL_HEADER + "1.2.3.4,,10,20,30,20\n");

        assertThat(csv.problems()).containsExactly(SOURCE + ":2: expected 11 fields as in the header, found 6");
    }

    @Test
    void blankLinesAndAByteOrderMarkAreSkipped() throws IOException {
        CsvExtraction csv = read("\uFEFFsop_instance_uid,long_x1,long_y1,long_x2,long_y2\n\n1.2.3.4,0,0,3,4\n\n");

        assertThat(csv.problems()).isEmpty();
        assertThat(csv.measurements()).extracting(CsvMeasurement::lineNumber).containsExactly(3);
    }

    private static CsvExtraction read(String text) throws IOException {
        return MeasurementCsv.read(SOURCE, new StringReader(text));
    }
}
