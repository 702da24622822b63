package org.deeplesion.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.deeplesion.release.CoarseLesionType;
import org.junit.jupiter.api.Test;

class LesionClassesTest {

    @Test
    void aCoarseTypeIsItsOwnClassUnderItsReleaseCode() {
        assertThat(LesionClasses.of(4)).isEqualTo(4);
        assertThat(LesionClasses.of(CoarseLesionType.PELVIS)).isEqualTo(8);
        assertThat(LesionClasses.name(4)).isEqualTo("liver");
        assertThat(LesionClasses.name(7)).isEqualTo("soft_tissue");
    }

    @Test
    void unlabelledAndMissingTypesShareTheUnknownClass() {
        assertThat(LesionClasses.of((Integer) null)).isEqualTo(LesionClasses.UNKNOWN);
        assertThat(LesionClasses.of(-1)).isEqualTo(LesionClasses.UNKNOWN);
        assertThat(LesionClasses.of(CoarseLesionType.UNLABELLED)).isEqualTo(LesionClasses.UNKNOWN);
        assertThat(LesionClasses.name(LesionClasses.UNKNOWN)).isEqualTo("unknown");
    }

    @Test
    void aCodeTheReleaseDoesNotUseIsRefused() {
        assertThatThrownBy(() -> LesionClasses.of(9))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("9");
        assertThatThrownBy(() -> LesionClasses.name(-2)).isInstanceOf(IllegalArgumentException.class);
    }
}
