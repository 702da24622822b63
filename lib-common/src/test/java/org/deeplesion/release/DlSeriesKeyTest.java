package org.deeplesion.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DlSeriesKeyTest {

    @Test
    void namesFollowTheRelease() {
        DlSeriesKey key = new DlSeriesKey(1, 2, 3);

        assertThat(key.folderName()).isEqualTo("000001_02_03");
        assertThat(key.keySliceFileName(109)).isEqualTo("000001_02_03_109.png");
        assertThat(DlSeriesKey.sliceFileName(7)).isEqualTo("007.png");
    }

    @Test
    void namesParseBackToTheKey() {
        assertThat(DlSeriesKey.parseFolderName("004321_01_02")).isEqualTo(new DlSeriesKey(4321, 1, 2));
        assertThat(DlSeriesKey.parseKeySliceFileName("000001_02_03_109.png")).isEqualTo(new DlSeriesKey(1, 2, 3));
        assertThat(DlSeriesKey.parseKeySliceNumber("000001_02_03_109.png")).isEqualTo(109);
    }

    @Test
    void malformedNamesAreRejected() {
        assertThatThrownBy(() -> DlSeriesKey.parseKeySliceFileName("1_2_3_4.png"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'1_2_3_4.png'");
    }

    @Test
    void indicesAreOneBased() {
        assertThatThrownBy(() -> new DlSeriesKey(0, 1, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("patient index is 1-based");
    }
}
