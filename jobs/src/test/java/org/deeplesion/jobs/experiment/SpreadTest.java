package org.deeplesion.jobs.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class SpreadTest {

    @Test
    void theSpreadOfSeedsIsTheirMeanAndSampleStandardDeviation() {
        Spread s = Spread.of(List.of(0.80, 0.84, 0.88));

        assertThat(s.mean()).isCloseTo(0.84, within(1e-12));
        assertThat(s.sd()).as("n - 1 in the denominator").isCloseTo(0.04, within(1e-12));
        assertThat(s.n()).isEqualTo(3);
        assertThat(s).hasToString("0.840 ± 0.040");
    }

    @Test
    void oneSeedHasNoSpread() {
        assertThat(Spread.of(List.of(0.7)).sd()).isZero();
    }

    @Test
    void noValuesIsAnError() {
        assertThatThrownBy(() -> Spread.of(List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
