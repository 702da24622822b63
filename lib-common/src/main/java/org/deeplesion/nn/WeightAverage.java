package org.deeplesion.nn;

import static java.util.Objects.requireNonNull;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The mean of the weights of networks of one configuration, taken one network at a time: the weights of one training
 * run after each of its last epochs average into a network that lies nearer the middle of where those epochs wandered
 * (stochastic weight averaging, Izmailov et al., 2018). Summed in double precision.
 */
public final class WeightAverage {

    private INDArray sum;
    private int count;

    /** Adds {@code net}'s weights; every network added must have as many as the first. */
    public WeightAverage add(ComputationGraph net) {
        requireNonNull(net, "net");
        INDArray params = net.params().castTo(DataType.DOUBLE);
        if (sum == null) {
            sum = params;
        } else if (sum.length() != params.length()) {
            throw new IllegalArgumentException("a network of " + params.length() + " weights cannot be averaged with "
                    + "networks of " + sum.length());
        } else {
            sum.addi(params);
        }
        count++;
        return this;
    }

    /** How many networks were added. */
    public int count() {
        return count;
    }

    /** Sets {@code net}'s weights to the mean of those added and returns it; its updater's state is left as it was. */
    public ComputationGraph applyTo(ComputationGraph net) {
        requireNonNull(net, "net");
        if (count == 0) {
            throw new IllegalStateException("no network was added to average");
        }
        INDArray params = net.params();
        if (params.length() != sum.length()) {
            throw new IllegalArgumentException("a network of " + params.length() + " weights cannot take the mean of "
                    + "networks of " + sum.length());
        }
        net.setParams(sum.div(count).castTo(params.dataType()));
        return net;
    }
}
