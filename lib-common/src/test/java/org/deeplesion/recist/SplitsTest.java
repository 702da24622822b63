package org.deeplesion.recist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SplitsTest {

    private static final int KEYS = 10_000;

    @Test
    void sameKeyAndSeedGiveTheSameSplit() {
        for (int i = 0; i < 100; i++) {
            assertThat(Splits.assign("patient-" + i, 7, 0.7, 0.15))
                    .isEqualTo(Splits.assign("patient-" + i, 7, 0.7, 0.15));
        }
    }

    @Test
    void otherSeedReshufflesPatients() {
        int moved = 0;
        for (int i = 0; i < 1000; i++) {
            if (Splits.assign("patient-" + i, 7, 0.5, 0.25) != Splits.assign("patient-" + i, 8, 0.5, 0.25)) {
                moved++;
            }
        }
        // Independent draws disagree with probability 1 - (0.5^2 + 0.25^2 + 0.25^2) = 0.625.
        assertThat(moved).isBetween(550, 700);
    }

    @Test
    void fractionsAreRespectedOverTenThousandKeys() {
        Map<Split, Integer> counts = counts(0.7, 0.15);

        // Binomial standard deviations are 0.46% and 0.36%; 1.5% is over three of them.
        assertThat(counts.get(Split.TRAIN) / (double) KEYS).isCloseTo(0.70, within(0.015));
        assertThat(counts.get(Split.VALIDATION) / (double) KEYS).isCloseTo(0.15, within(0.015));
        assertThat(counts.get(Split.TEST) / (double) KEYS).isCloseTo(0.15, within(0.015));
    }

    @Test
    void everySplitGetsPatients() {
        assertThat(counts(0.8, 0.1))
                .allSatisfy((split, count) -> assertThat(count).as(split.name()).isPositive());
    }

    @Test
    void zeroValidationFractionLeavesValidationEmpty() {
        assertThat(counts(0.8, 0)).doesNotContainKey(Split.VALIDATION);
    }

    @Test
    void trainFractionOfOneTrainsOnEveryone() {
        assertThat(counts(1, 0)).containsOnlyKeys(Split.TRAIN);
    }

    @Test
    void negativeFractionIsRejected() {
        assertThatThrownBy(() -> Splits.assign("p", 1, -0.1, 0.2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-0.1");
    }

    @Test
    void notANumberIsRejected() {
        assertThatThrownBy(() -> Splits.assign("p", 1, 0.7, Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void fractionsAddingUpToMoreThanOneAreRejected() {
        assertThatThrownBy(() -> Splits.assign("p", 1, 0.8, 0.3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at most 1");
    }

    private static Map<Split, Integer> counts(double train, double validation) {
        Map<Split, Integer> counts = new EnumMap<>(Split.class);
        for (int i = 0; i < KEYS; i++) {
            counts.merge(Splits.assign("patient-" + i, 20240501L, train, validation), 1, Integer::sum);
        }
        return counts;
    }
}
