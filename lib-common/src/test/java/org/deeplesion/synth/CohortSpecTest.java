package org.deeplesion.synth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.deeplesion.dicom.TransferSyntax;
import org.junit.jupiter.api.Test;

class CohortSpecTest {

    @Test
    void defaultsDescribeClinicalCt() {
        CohortSpec spec = CohortSpec.defaults(10, 1);

        assertThat(spec.rows()).isEqualTo(512);
        assertThat(spec.columns()).isEqualTo(512);
        assertThat(spec.slicesPerSeries()).isEqualTo(IntRange.of(24, 48));
        assertThat(spec.pixelSpacingMm()).isEqualTo(DoubleRange.of(0.6, 0.95));
        assertThat(spec.sliceIntervalMm()).isEqualTo(DoubleRange.of(1, 5));
        assertThat(spec.unbookmarkedShare()).isEqualTo(0.2);
        assertThat(spec.transferSyntax()).isEqualTo(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
    }

    @Test
    void witherChangesOnlyItsField() {
        CohortSpec spec = CohortSpec.defaults(10, 1);

        assertThat(spec.withImageSize(64, 96))
                .isEqualTo(new CohortSpec(
                        10,
                        1,
                        64,
                        96,
                        spec.studiesPerPatient(),
                        spec.slicesPerSeries(),
                        spec.pixelSpacingMm(),
                        spec.sliceIntervalMm(),
                        spec.lesionsPerSeries(),
                        spec.unbookmarkedShare(),
                        spec.noiseSigmaHu(),
                        spec.edgeBlur(),
                        spec.transferSyntax()));
    }

    @Test
    void transferSyntaxWithoutAnEncoderIsRefused() {
        assertThatThrownBy(() -> CohortSpec.defaults(1, 1).withTransferSyntax(TransferSyntax.JPEG_LOSSLESS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not JPEG Lossless, Non-Hierarchical (Process 14)");
    }

    @Test
    void seriesNeedAtLeastThreeSlices() {
        assertThatThrownBy(() -> CohortSpec.defaults(1, 1).withSlicesPerSeries(2, 5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("3..999");
    }

    @Test
    void unbookmarkedShareIsAProbability() {
        assertThatThrownBy(() -> CohortSpec.defaults(1, 1).withUnbookmarkedShare(1.5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0..1");
    }

    @Test
    void rangesNeedMinBelowMax() {
        assertThatThrownBy(() -> CohortSpec.defaults(1, 1).withLesionsPerSeries(4, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("4..2");
    }
}
