package org.deeplesion.jobs.spark;

import static java.util.Objects.requireNonNull;

import org.apache.spark.util.LongAccumulator;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.spark.api.TrainingHook;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * Counts what DL4J's Spark workers have fitted into an accumulator, for {@link SparkProgress}. DL4J calls it on the
 * executors after every minibatch (a {@code DataSet} minibatch reaches it as a {@code MultiDataSet}).
 */
public final class FitCounter implements TrainingHook {

    private static final long serialVersionUID = 1L;

    private final LongAccumulator counter;
    private final boolean examples;

    private FitCounter(LongAccumulator counter, boolean examples) {
        this.counter = requireNonNull(counter, "counter");
        this.examples = examples;
    }

    /** One per minibatch: for exported minibatch files, whose number is known before fitting. */
    public static FitCounter minibatches(LongAccumulator counter) {
        return new FitCounter(counter, false);
    }

    /** The minibatch's examples: where DL4J cuts the minibatches itself and only the examples are counted before. */
    public static FitCounter examples(LongAccumulator counter) {
        return new FitCounter(counter, true);
    }

    @Override
    public void preUpdate(DataSet minibatch, Model model) {}

    @Override
    public void postUpdate(DataSet minibatch, Model model) {
        counter.add(examples ? minibatch.numExamples() : 1);
    }

    @Override
    public void preUpdate(MultiDataSet minibatch, Model model) {}

    @Override
    public void postUpdate(MultiDataSet minibatch, Model model) {
        counter.add(examples ? minibatch.getFeatures(0).size(0) : 1);
    }
}
