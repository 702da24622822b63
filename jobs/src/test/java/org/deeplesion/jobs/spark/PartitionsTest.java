package org.deeplesion.jobs.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PartitionsTest {

    @Test
    void aFewItemsMakeOneTaskPerStartedGroupOfPerTask() {
        assertThat(Partitions.forItems(2, 100, 64, 4)).isEqualTo(2);
        assertThat(Partitions.forItems(2, 128, 64, 4)).isEqualTo(2);
        assertThat(Partitions.forItems(2, 129, 64, 4)).isEqualTo(3);
    }

    @Test
    void manyItemsAreCappedAtPerCoreTasksForEachCore() {
        assertThat(Partitions.forItems(2, 1_000_000, 64, 4)).isEqualTo(8);
        assertThat(Partitions.forItems(16, 1_000_000, 64, 8)).isEqualTo(128);
    }

    @Test
    void noItemsOrNoReportedCoresStillMakeOneTask() {
        assertThat(Partitions.forItems(2, 0, 64, 4)).isEqualTo(1);
        assertThat(Partitions.forItems(0, 1_000, 64, 4)).isEqualTo(4);
    }

    @Test
    void perTaskAndPerCoreBelowOneAreRefused() {
        assertThatThrownBy(() -> Partitions.forItems(2, 10, 0, 4)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Partitions.forItems(2, 10, 64, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
