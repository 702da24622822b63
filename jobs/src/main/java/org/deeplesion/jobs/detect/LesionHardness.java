package org.deeplesion.jobs.detect;

import static java.util.Objects.requireNonNull;

import com.esotericsoftware.kryo.DefaultSerializer;
import com.esotericsoftware.kryo.serializers.JavaSerializer;
import java.io.Serializable;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import org.deeplesion.detect.HardLesions;

/**
 * What a task reports to the driver for one training slice in hard example mining: its lesions' weights
 * ({@link HardLesions#weights}). Kryo cannot build a record, so it hands this one to Java serialization.
 */
@DefaultSerializer(JavaSerializer.class)
record LesionHardness(String image, double[] weights) implements Serializable {

    LesionHardness {
        requireNonNull(image, "image");
        weights = weights.clone();
    }

    double mean() {
        double sum = 0;
        for (double w : weights) {
            sum += w;
        }
        return weights.length == 0 ? 0 : sum / weights.length;
    }

    long missed() {
        return Arrays.stream(weights).filter(HardLesions::missed).count();
    }

    /**
     * The weights for the patch export: per slice its share of the epoch's patches (its mean lesion weight over the
     * mean of all slices'), then its lesions' weights.
     */
    static HashMap<String, double[]> shares(List<LesionHardness> slices) {
        double mean =
                slices.stream().mapToDouble(LesionHardness::mean).average().orElse(1);
        HashMap<String, double[]> out = new HashMap<>();
        for (LesionHardness s : slices) {
            double[] v = new double[1 + s.weights.length];
            v[0] = s.mean() / mean;
            System.arraycopy(s.weights, 0, v, 1, s.weights.length);
            out.put(s.image, v);
        }
        return out;
    }
}
