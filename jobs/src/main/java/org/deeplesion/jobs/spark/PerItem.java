package org.deeplesion.jobs.spark;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Function;

/**
 * A partition's output produced one input (or one batch) at a time, so that a task holds the rows of one input
 * (one file's pixels), never the whole partition's.
 */
public final class PerItem {

    private PerItem() {}

    public static <I, O> Iterator<O> flatMap(Iterator<I> inputs, Function<I, List<O>> perInput) {
        return new Iterator<>() {
            private Iterator<O> current = List.<O>of().iterator();

            @Override
            public boolean hasNext() {
                while (!current.hasNext() && inputs.hasNext()) {
                    current = perInput.apply(inputs.next()).iterator();
                }
                return current.hasNext();
            }

            @Override
            public O next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return current.next();
            }
        };
    }

    /** As {@link #flatMap}, one batch of up to {@code size} consecutive inputs at a time (for batched inference). */
    public static <I, O> Iterator<O> flatMapBatches(Iterator<I> inputs, int size, Function<List<I>, List<O>> perBatch) {
        if (size < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, was " + size);
        }
        Iterator<List<I>> batches = new Iterator<>() {
            @Override
            public boolean hasNext() {
                return inputs.hasNext();
            }

            @Override
            public List<I> next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                List<I> batch = new ArrayList<>(size);
                while (inputs.hasNext() && batch.size() < size) {
                    batch.add(inputs.next());
                }
                return batch;
            }
        };
        return flatMap(batches, perBatch);
    }
}
