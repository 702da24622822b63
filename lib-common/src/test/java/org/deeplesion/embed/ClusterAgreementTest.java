package org.deeplesion.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterAgreementTest {

    @Test
    void identicalPartitionsUnderOtherNamesAgreeFully() {
        assertThat(ClusterAgreement.nmi(List.of(0, 0, 1, 1, 2), List.of("b", "b", "a", "a", "c")))
                .isCloseTo(1, within(1e-12));
    }

    @Test
    void independentPartitionsShareNoInformation() {
        assertThat(ClusterAgreement.nmi(List.of(0, 0, 1, 1), List.of(0, 1, 0, 1)))
                .isCloseTo(0, within(1e-12));
    }

    @Test
    void nmiMatchesAWorkedExample() {
        // a = {0,0,0,1,1,1}, b = {0,0,1,1,2,2}: H(a) = ln 2, H(b) = ln 3, H(b|a) = ln 3 - (2/3) ln 2, so I = (2/3) ln
        // 2.
        double h1 = Math.log(2);
        double h2 = Math.log(3);
        double mi = 2.0 / 3 * Math.log(2);
        assertThat(ClusterAgreement.nmi(List.of(0, 0, 0, 1, 1, 1), List.of(0, 0, 1, 1, 2, 2)))
                .isCloseTo(2 * mi / (h1 + h2), within(1e-12));
    }

    @Test
    void purityCountsEachClustersMajorityLabel() {
        // Cluster 0: a, a, b -> 2; cluster 1: b, b, c, c -> 2; cluster 2: c -> 1.
        assertThat(ClusterAgreement.purity(
                        List.of(0, 0, 0, 1, 1, 1, 1, 2), List.of("a", "a", "b", "b", "b", "c", "c", "c")))
                .isCloseTo(5 / 8.0, within(1e-12));
    }

    @Test
    void labellingsOfDifferentLengthAreRefused() {
        assertThatThrownBy(() -> ClusterAgreement.nmi(List.of(0, 1), List.of(0)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2 vs 1");
    }
}
