package org.deeplesion.encoding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FloatsTest {

    @Test
    void floatsSurviveTheRoundTripBitForBit() {
        float[] values = {0f, -0f, 1.5f, -1024.25f, Float.MIN_VALUE, Float.MAX_VALUE, Float.NaN};
        assertThat(Floats.fromBytes(Floats.toBytes(values))).isEqualTo(values);
    }

    @Test
    void eachFloatIsFourLittleEndianBytes() {
        assertThat(Floats.toBytes(new float[] {1f})).containsExactly(0x00, 0x00, 0x80, 0x3f);
    }

    @Test
    void bytesThatAreNotWholeFloatsAreRefused() {
        assertThatThrownBy(() -> Floats.fromBytes(new byte[5]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("5 bytes");
    }
}
