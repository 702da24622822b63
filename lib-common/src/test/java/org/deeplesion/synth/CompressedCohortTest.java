package org.deeplesion.synth;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.Stream;
import org.deeplesion.ct.HounsfieldUnits;
import org.deeplesion.dicom.DicomFile;
import org.deeplesion.dicom.DicomReader;
import org.deeplesion.dicom.TransferSyntax;
import org.deeplesion.testing.ExternalTool;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Cohorts written compressed hold the same HU as the uncompressed cohort of the same seed. */
class CompressedCohortTest {

    @TempDir
    Path dir;

    private static CohortSpec small(TransferSyntax ts) {
        return CohortSpec.defaults(1, 77)
                .withImageSize(96, 96)
                .withStudiesPerPatient(1, 1)
                .withSlicesPerSeries(4, 4)
                .withTransferSyntax(ts);
    }

    private static List<Path> slices(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root.resolve("dicom"))) {
            return s.filter(p -> p.getFileName().toString().startsWith("IM_"))
                    .sorted()
                    .toList();
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = TransferSyntax.class,
            names = {"JPEG_LOSSLESS_SV1", "RLE_LOSSLESS"})
    void compressedSlicesDecodeToTheUncompressedHu(TransferSyntax ts) throws Exception {
        CohortGenerator.generate(
                small(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN), dir.resolve("plain"), EnumSet.of(OutputFormat.DICOM));
        CohortGenerator.generate(small(ts), dir.resolve("packed"), EnumSet.of(OutputFormat.DICOM));
        List<Path> plain = slices(dir.resolve("plain"));
        List<Path> packed = slices(dir.resolve("packed"));
        assertThat(packed).hasSameSizeAs(plain).isNotEmpty();

        DicomReader reader = new DicomReader();
        for (int i = 0; i < plain.size(); i++) {
            DicomFile compressed = reader.read(packed.get(i));
            assertThat(compressed.transferSyntax()).isEqualTo(ts);
            assertThat(HounsfieldUnits.of(compressed, 0))
                    .containsExactly(HounsfieldUnits.of(reader.read(plain.get(i)), 0));
        }
        String tool = ts == TransferSyntax.RLE_LOSSLESS ? "dcmdrle" : "dcmdjpeg";
        ExternalTool.runOk(dir, tool, packed.get(0).toString(), "decoded.dcm");
        assertThat(HounsfieldUnits.of(reader.read(dir.resolve("decoded.dcm")), 0))
                .containsExactly(HounsfieldUnits.of(reader.read(plain.get(0)), 0));
        assertThat(Dciodvfy.errors(packed.get(0))).isEmpty();
    }
}
