package org.deeplesion.synth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AnatomyTest {

    private static final Anatomy ANATOMY = Anatomy.random(new SplittableRandom(4));

    @Test
    void lungsFillTheChestAndEndBelowTheDiaphragm() {
        double diaphragm = ANATOMY.diaphragm();

        assertThat(ANATOMY.lung(100, true)).isNotNull();
        assertThat(Anatomy.tissueAt(
                        ANATOMY.regionsAt(100), ANATOMY.lung(100, true).cx(), 0))
                .isEqualTo(Tissue.LUNG);
        assertThat(ANATOMY.lung(diaphragm + 60, true)).isNull();
    }

    @Test
    void abdominalOrgansAppearBelowTheDiaphragm() {
        double diaphragm = ANATOMY.diaphragm();

        assertThat(ANATOMY.liver(50)).isNull();
        assertThat(ANATOMY.liver(diaphragm + 60)).isNotNull();
        assertThat(ANATOMY.kidney(50, false)).isNull();
        assertThat(ANATOMY.kidney(diaphragm + 170, false)).isNotNull();
    }

    @Test
    void vertebralBodyIsBoneAtEveryLevel() {
        for (double t = 0; t < ANATOMY.end(); t += 25) {
            Ellipse vertebra = ANATOMY.vertebralBody(t);

            assertThat(Anatomy.tissueAt(ANATOMY.regionsAt(t), vertebra.cx(), vertebra.cy()))
                    .isEqualTo(Tissue.CANCELLOUS_BONE);
        }
    }

    @Test
    void bodyIsSurroundedByAir() {
        Ellipse body = ANATOMY.body(150);

        assertThat(Anatomy.tissueAt(ANATOMY.regionsAt(150), body.a() + 5, 0)).isEqualTo(Tissue.AIR);
        assertThat(Anatomy.tissueAt(ANATOMY.regionsAt(150), body.a() - 2, 0)).isEqualTo(Tissue.FAT);
    }

    @Test
    void patientsDifferInBuild() {
        Anatomy other = Anatomy.random(new SplittableRandom(5));

        assertThat(other.maxHalfWidth()).isNotEqualTo(ANATOMY.maxHalfWidth());
        assertThat(other.diaphragm()).isNotEqualTo(ANATOMY.diaphragm());
    }
}
