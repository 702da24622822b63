package org.deeplesion.jobs.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.HashMap;
import java.util.List;
import org.deeplesion.detect.HardLesions;
import org.junit.jupiter.api.Test;

class LesionHardnessTest {

    private static final double MISSED = HardLesions.MISSED_WEIGHT;

    @Test
    void aSliceWithAMissedLesionGetsAsManyMorePatchesAsItWeighsAndTheEpochKeepsItsSize() {
        List<LesionHardness> slices = List.of(
                new LesionHardness("found", new double[] {1}),
                new LesionHardness("missed", new double[] {MISSED}),
                new LesionHardness("both", new double[] {1, MISSED}));

        HashMap<String, double[]> shares = LesionHardness.shares(slices);

        assertThat(shares.get("missed")[0] / shares.get("found")[0]).isCloseTo(MISSED, within(1e-9));
        assertThat(shares.values().stream().mapToDouble(v -> v[0]).average().orElseThrow())
                .isCloseTo(1.0, within(1e-9));
        assertThat(shares.get("both")).hasSize(3);
        assertThat(shares.get("both")[1]).isEqualTo(1);
        assertThat(shares.get("both")[2]).isEqualTo(MISSED);
    }

    @Test
    void missedLesionsAreCounted() {
        assertThat(new LesionHardness("s", new double[] {1, MISSED, MISSED}).missed())
                .isEqualTo(2);
    }
}
