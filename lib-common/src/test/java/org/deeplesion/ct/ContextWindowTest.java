package org.deeplesion.ct;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ContextWindowTest {

    /** Ten slices 5 mm apart, named by their index, positions descending as a head-first series often has them. */
    private static List<ContextWindow.Slice> series() {
        List<ContextWindow.Slice> out = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            out.add(new ContextWindow.Slice("s" + i, 100 - 5.0 * i));
        }
        return out;
    }

    @Test
    void keepsTheSlicesWithinTheDistanceOfAKeySliceInTheSeriesOrder() {
        assertThat(ContextWindow.around(series(), Set.of("s4"), 10)).containsExactly("s2", "s3", "s4", "s5", "s6");
    }

    @Test
    void joinsTheWindowsOfSeveralKeySlices() {
        assertThat(ContextWindow.around(series(), Set.of("s0", "s9"), 5)).containsExactly("s0", "s1", "s8", "s9");
    }

    @Test
    void toleratesPositionsRoundedByTheModality() {
        List<ContextWindow.Slice> rounded = List.of(
                new ContextWindow.Slice("key", 0),
                new ContextWindow.Slice("near", 30.004),
                new ContextWindow.Slice("far", 30.5));

        assertThat(ContextWindow.around(rounded, Set.of("key"), 30)).containsExactly("key", "near");
    }

    @Test
    void aSeriesWithoutAKeySliceGivesNothing() {
        assertThat(ContextWindow.around(series(), Set.of("elsewhere"), 30)).isEmpty();
    }

    @Test
    void aNegativeDistanceIsRefused() {
        assertThatThrownBy(() -> ContextWindow.around(series(), Set.of("s1"), -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1");
    }
}
