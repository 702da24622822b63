package org.deeplesion.jobs.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ShuffledBatchesTest {

    /** Example i comes from image i / 4, as four patches of each image arrive together. */
    private static int image(int example) {
        return example / 4;
    }

    @Test
    void everyExampleComesOutOnceInFullMinibatchesThatMixManyImages() {
        ShuffledBatches<Integer> batches = new ShuffledBatches<>(8, 64, new Random(1));
        List<List<Integer>> out = new ArrayList<>();
        for (int i = 0; i < 203; i++) {
            List<Integer> minibatch = batches.add(i);
            if (!minibatch.isEmpty()) {
                out.add(minibatch);
            }
        }
        int drawnWhileAdding = out.size();
        out.addAll(batches.drain());

        assertThat(drawnWhileAdding).isEqualTo((203 - 64) / 8 + 1);
        assertThat(out.subList(0, out.size() - 1)).allSatisfy(b -> assertThat(b).hasSize(8));
        assertThat(out.get(out.size() - 1)).hasSize(203 % 8);
        List<Integer> all = out.stream().flatMap(List::stream).sorted().toList();
        assertThat(all).hasSize(203).doesNotHaveDuplicates().first().isEqualTo(0);
        // Cut in arrival order, a minibatch of 8 would hold 2 images; drawn from the buffer, most hold 6 or more.
        long mixed = out.stream()
                .limit(drawnWhileAdding)
                .filter(b ->
                        b.stream().map(ShuffledBatchesTest::image).distinct().count() >= 6)
                .count();
        assertThat(mixed).isGreaterThan(drawnWhileAdding / 2);
        assertThat(batches.drain()).isEmpty();
    }

    @Test
    void theSameSeedDrawsTheSameMinibatches() {
        assertThat(draw(7)).isEqualTo(draw(7)).isNotEqualTo(draw(8));
    }

    @Test
    void aBufferSmallerThanAMinibatchIsRefused() {
        assertThatThrownBy(() -> new ShuffledBatches<Integer>(8, 4, new Random(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("capacity >= batch");
    }

    private static List<List<Integer>> draw(long seed) {
        ShuffledBatches<Integer> batches = new ShuffledBatches<>(4, 16, new Random(seed));
        List<List<Integer>> out = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            List<Integer> b = batches.add(i);
            if (!b.isEmpty()) {
                out.add(b);
            }
        }
        out.addAll(batches.drain());
        Set<Integer> seen = new HashSet<>();
        out.forEach(seen::addAll);
        assertThat(seen).hasSize(40);
        return out;
    }
}
