package org.deeplesion.dicom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class DicomDatasetTest {

    @Test
    void textTheCharacterSetCannotHoldIsRefusedNamingTheTag() {
        DicomDataset ds = new DicomDataset();

        assertThatThrownBy(() -> ds.putString(Tag.PatientName, Vr.PN, "Nguyễn^Thị"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("(0010,0010)")
                .hasMessageContaining("Specific Character Set");
    }

    @Test
    void itemsCreatedBeforeTheCharacterSetIsDeclaredEncodeWithIt() {
        DicomDataset ds = new DicomDataset();
        DicomDataset item = ds.newItem();
        ds.putString(Tag.SpecificCharacterSet, Vr.CS, "ISO_IR 192");

        item.putString(Tag.PatientName, Vr.PN, "Nguyễn^Thị");

        assertThat(item.string(Tag.PatientName)).isEqualTo("Nguyễn^Thị");
        assertThat(item.bytes(Tag.PatientName)).hasSize("Nguyễn^Thị".getBytes(StandardCharsets.UTF_8).length);
    }

    @Test
    void unsignedLongBeyondIntRangeIsAnErrorNamingTheTag() {
        DicomDataset ds = new DicomDataset();
        ds.putBytes(Tag.Rows, Vr.UL, new byte[] {-1, -1, -1, -1});

        assertThatThrownBy(() -> ds.intValue(Tag.Rows, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("(0028,0010)")
                .hasMessageContaining("4294967295");
    }

    @Test
    void integersOutsideTheirVrAreRefused() {
        DicomDataset ds = new DicomDataset();

        assertThatThrownBy(() -> ds.putInts(Tag.Rows, Vr.US, 70000))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("70000");
        assertThatThrownBy(() -> ds.putInts(Tag.Rows, Vr.SS, -40000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ds.putInts(Tag.Rows, Vr.UL, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void decimalStringsFitSixteenCharacters() {
        assertThat(DicomDataset.formatDecimalString(0.703125)).isEqualTo("0.703125");
        assertThat(DicomDataset.formatDecimalString(-1024)).isEqualTo("-1024");
        assertThat(DicomDataset.formatDecimalString(1.0 / 3))
                .hasSizeLessThanOrEqualTo(16)
                .startsWith("0.3333333333");
        assertThat(Double.parseDouble(DicomDataset.formatDecimalString(123456.789012345678)))
                .isCloseTo(123456.789012345678, Offset.offset(1e-6));
    }
}
