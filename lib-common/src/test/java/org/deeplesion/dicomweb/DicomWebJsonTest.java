package org.deeplesion.dicomweb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class DicomWebJsonTest {

    private static DicomJson json(String text) throws IOException {
        return new DicomJson(new ObjectMapper().readTree(text));
    }

    private final DicomJson series = json("""
            {"0020000E": {"vr": "UI", "Value": ["1.2.840.1.2"]},
             "00080060": {"vr": "CS", "Value": ["CT"]},
             "00080061": {"vr": "CS", "Value": ["CT", null, "PT"]},
             "00100010": {"vr": "PN", "Value": [{"Alphabetic": "Doe^Jane"}]},
             "00201209": {"vr": "IS", "Value": [212]},
             "00200013": {"vr": "IS", "Value": ["+17"]},
             "00280010": {"vr": "US", "Value": [512]},
             "00280030": {"vr": "DS", "Value": [0.703125, "0.703125"]},
             "00180050": {"vr": "DS", "Value": ["2.5 "]},
             "00081030": {"vr": "LO"}}
            """);

    DicomWebJsonTest() throws IOException {}

    @Test
    void stringIsTheFirstValueAndTagsMayBeLowerCase() {
        assertThat(series.string("0020000E")).isEqualTo("1.2.840.1.2");
        assertThat(series.string("0020000e")).isEqualTo("1.2.840.1.2");
        assertThat(series.string("00080061")).isEqualTo("CT");
    }

    @Test
    void aPersonNameReadsAsItsAlphabeticGroup() {
        assertThat(series.string("00100010")).isEqualTo("Doe^Jane");
    }

    @Test
    void stringsAreEveryValueKeepingNulls() {
        assertThat(series.strings("00080061")).containsExactly("CT", null, "PT");
        assertThat(series.strings("00081030")).isEmpty();
        assertThat(series.strings("7FE00010")).isEmpty();
    }

    @Test
    void integerReadsNumbersAndNumericStrings() {
        assertThat(series.integer("00201209")).isEqualTo(212);
        assertThat(series.integer("00200013")).isEqualTo(17);
        assertThat(series.integer("00280010")).isEqualTo(512);
        assertThat(series.integer("00081030")).isNull();
        assertThat(series.integer("00280011")).isNull();
    }

    @Test
    void doublesReadNumbersAndDecimalStrings() {
        assertThat(series.doubles("00280030")).containsExactly(0.703125, 0.703125);
        assertThat(series.doubles("00180050")).containsExactly(2.5);
        assertThat(series.doubles("00200032")).isEmpty();
    }

    @Test
    void absentAttributesReadAsNull() {
        assertThat(series.string("00081030")).isNull();
        assertThat(series.string("00200032")).isNull();
    }

    @Test
    void aValueThatIsNoNumberSaysWhichAttribute() {
        assertThatThrownBy(() -> series.integer("00080060"))
                .isInstanceOf(NumberFormatException.class)
                .hasMessageContaining("00080060");
    }

    @Test
    void aTagIsEightHexDigits() {
        assertThatThrownBy(() -> series.string("0020,000E")).isInstanceOf(IllegalArgumentException.class);
    }
}
