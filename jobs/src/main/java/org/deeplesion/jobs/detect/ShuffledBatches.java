package org.deeplesion.jobs.detect;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Minibatches drawn at random from a bounded buffer of examples, as a shuffle buffer does: examples arrive image by
 * image, several from each, and minibatches cut in arrival order would hold a handful of neighbouring images, which
 * stochastic gradient descent learns from badly. Memory stays bounded by the buffer whatever the partition's size.
 */
final class ShuffledBatches<T> {

    private final int batch;
    private final int capacity;
    private final Random random;
    private final List<T> buffer = new ArrayList<>();

    /** @param capacity examples held before the first minibatch is drawn, at least {@code batch} */
    ShuffledBatches(int batch, int capacity, Random random) {
        if (batch < 1 || capacity < batch) {
            throw new IllegalArgumentException(
                    "a shuffle buffer needs batch >= 1 and capacity >= batch, were " + batch + " and " + capacity);
        }
        this.batch = batch;
        this.capacity = capacity;
        this.random = requireNonNull(random, "random");
    }

    /** Adds an example; once the buffer is full, returns a minibatch drawn from it at random, otherwise nothing. */
    List<T> add(T example) {
        buffer.add(requireNonNull(example, "example"));
        if (buffer.size() < capacity) {
            return List.of();
        }
        List<T> out = new ArrayList<>(batch);
        for (int i = 0; i < batch; i++) {
            int pick = random.nextInt(buffer.size());
            int last = buffer.size() - 1;
            out.add(buffer.get(pick));
            buffer.set(pick, buffer.get(last));
            buffer.remove(last);
        }
        return out;
    }

    /** What is left, shuffled, in minibatches; the last one may be short. Leaves the buffer empty. */
    List<List<T>> drain() {
        Collections.shuffle(buffer, random);
        List<List<T>> out = new ArrayList<>();
        for (int from = 0; from < buffer.size(); from += batch) {
            out.add(new ArrayList<>(buffer.subList(from, Math.min(buffer.size(), from + batch))));
        }
        buffer.clear();
        return out;
    }
}
