package org.deeplesion.jobs.spark;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Function;

/**
 * A partition's output produced one input at a time, so that a task holds the rows of one input (one file's
 * pixels), never the whole partition's.
 */
public final class PerItem {

    private PerItem() {
    }

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
}
