package org.deeplesion.synth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PixelEncodingTest {

    @Test
    void twelveBitUnsignedStoresHuPlus1024WithinTwelveBits() {
        PixelEncoding encoding = PixelEncoding.UNSIGNED_12_BIT;

        assertThat(encoding.minHu()).isEqualTo(-1024);
        assertThat(encoding.maxHu()).isEqualTo(3071);
        assertThat(encoding.stored(-1000)).isEqualTo((short) 24);
        assertThat(encoding.stored(3071)).isEqualTo((short) 4095);
    }

    @Test
    void sixteenBitSignedStoresTheHu() {
        PixelEncoding encoding = PixelEncoding.SIGNED_16_BIT;

        assertThat(encoding.pixelRepresentation()).isEqualTo(1);
        assertThat(encoding.rescaleIntercept()).isZero();
        assertThat(encoding.minHu()).isEqualTo(Short.MIN_VALUE);
        assertThat(encoding.stored(-1100)).isEqualTo((short) -1100);
    }

    @Test
    void sixteenBitUnsignedStoresHuPlus1024() {
        PixelEncoding encoding = PixelEncoding.UNSIGNED_16_BIT;

        assertThat(encoding.minHu()).isEqualTo(-1024);
        assertThat(encoding.maxHu()).isEqualTo(Short.MAX_VALUE);
        assertThat(encoding.stored(32767) & 0xFFFF).isEqualTo(32767 + 1024);
    }
}
