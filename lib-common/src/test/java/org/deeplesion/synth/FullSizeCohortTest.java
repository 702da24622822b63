package org.deeplesion.synth;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumSet;
import org.deeplesion.dicom.DicomDataset;
import org.deeplesion.dicom.DicomReader;
import org.deeplesion.dicom.Tag;
import org.deeplesion.release.DeepLesionPng;
import org.deeplesion.release.HuImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one smoke test at the default 512 x 512. */
class FullSizeCohortTest {

    @Test
    void defaultSizedSlicesAreWrittenInBothFormats(@TempDir Path dir) throws IOException {
        CohortSpec spec = CohortSpec.defaults(1, 2).withStudiesPerPatient(1, 1).withSlicesPerSeries(3, 3);

        CohortSummary summary = CohortGenerator.generate(spec, dir, EnumSet.allOf(OutputFormat.class));
        CohortTruth truth = CohortTruth.read(dir.resolve(CohortTruth.FILE_NAME));

        assertThat(summary.slices()).isEqualTo(3);
        DicomDataset ct = new DicomReader()
                .read(dir.resolve("dicom")
                        .resolve(CohortGenerator.patientFolder(
                                truth.patients().get(0).patientIndex()))
                        .resolve("1")
                        .resolve("1")
                        .resolve("IM_0002.dcm"))
                .dataset();
        assertThat(ct.intValue(Tag.Rows, 0)).isEqualTo(512);
        assertThat(ct.intValue(Tag.Columns, 0)).isEqualTo(512);
        assertThat(ct.bytes(Tag.PixelData)).hasSize(512 * 512 * 2);
        HuImage png = DeepLesionPng.read(
                dir.resolve("Images_png").resolve("000001_01_01").resolve("002.png"));
        assertThat(png).isEqualTo(new HuImage(512, 512, CtPixels.hu(ct)));
    }
}
