package org.deeplesion.dicom;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.deeplesion.testing.ExternalTool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Files converted by dcmtk's dcmconv, an independent implementation, read back by our reader. */
class DcmtkSyntaxCrossCheckTest {

    @TempDir
    Path dir;

    private int[] writeOriginal(boolean signed) throws IOException {
        int[] pixels = TestImages.phantom(64, 80, signed ? 16 : 12, signed, 7);
        DicomWriter.write(
                TestImages.ct(64, 80, signed ? 16 : 12, signed, pixels),
                TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN,
                dir.resolve("in.dcm"));
        return pixels;
    }

    @Test
    void dcmdumpParsesWhatWeWrite() throws Exception {
        writeOriginal(false);
        String dump = ExternalTool.runOk(dir, "dcmdump", "-q", "+L", "in.dcm");
        assertThat(dump)
                .contains("(0010,0020) LO [PID-0042]")
                .contains("(0028,0101) US 12")
                .contains("TransferSyntaxUID")
                .contains("LittleEndianExplicit");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "+ti, IMPLICIT_VR_LITTLE_ENDIAN, false",
        "+te, EXPLICIT_VR_LITTLE_ENDIAN, false",
        "+tb, EXPLICIT_VR_BIG_ENDIAN, false",
        "+td, DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN, false",
        "+tb, EXPLICIT_VR_BIG_ENDIAN, true",
        "+td, DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN, true"
    })
    void readsDcmconvOutputInEachUncompressedSyntax(String option, TransferSyntax expected, boolean signed)
            throws Exception {
        int[] pixels = writeOriginal(signed);
        ExternalTool.runOk(dir, "dcmconv", option, "in.dcm", "out");

        DicomFile f = new DicomReader().read(dir.resolve("out"));

        assertThat(f.transferSyntax()).isEqualTo(expected);
        assertThat(f.dataset().string(Tag.PatientName)).isEqualTo("Müller^Jürgen");
        assertThat(PixelData.storedValues(f, 0)).containsExactly(pixels);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"+ti, IMPLICIT_VR_LITTLE_ENDIAN", "+te, EXPLICIT_VR_LITTLE_ENDIAN", "+tb, EXPLICIT_VR_BIG_ENDIAN"})
    void readsBareDataSetsWithoutPreambleOrMeta(String option, TransferSyntax expected) throws Exception {
        int[] pixels = writeOriginal(false);
        ExternalTool.runOk(dir, "dcmconv", "-F", option, "in.dcm", "bare");
        assertThat(Files.readAllBytes(dir.resolve("bare"))).hasSizeLessThan(130 + pixels.length * 2 + 600);

        DicomFile f = new DicomReader().read(dir.resolve("bare"));

        assertThat(f.fileMeta().size()).isZero();
        assertThat(f.transferSyntax()).isEqualTo(expected);
        assertThat(PixelData.storedValues(f, 0)).containsExactly(pixels);
    }
}
