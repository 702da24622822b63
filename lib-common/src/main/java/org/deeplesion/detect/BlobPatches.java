package org.deeplesion.detect;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.deeplesion.ct.SliceStack;
import org.deeplesion.recist.BoundingBox;
import org.nd4j.linalg.dataset.MultiDataSet;

/**
 * Proposal-network minibatches without a lake: patches of gaussian noise around 0.4, each with one bright 12-pixel
 * square in all three slices, and its box. What {@code bench detector} and tests of the networks' arithmetic train on.
 */
public final class BlobPatches {

    private static final int SIDE = 12;

    private BlobPatches() {}

    /** {@code count} patches of the geometry's patch size, drawn from {@code random}. */
    public static MultiDataSet minibatch(DetectorGeometry geometry, AnchorSize prior, int count, Random random) {
        requireNonNull(geometry, "geometry");
        requireNonNull(prior, "prior");
        requireNonNull(random, "random");
        if (count < 1) {
            throw new IllegalArgumentException("a minibatch needs at least one patch, was " + count);
        }
        int n = geometry.patchPx();
        List<float[]> patches = new ArrayList<>();
        List<List<BoundingBox>> boxes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            float[] patch = noise(SliceStack.CHANNELS * n * n, random);
            int x = random.nextInt(n - SIDE - 4);
            int y = random.nextInt(n - SIDE - 4);
            for (int c = 0; c < SliceStack.CHANNELS; c++) {
                for (int r = y; r < y + SIDE; r++) {
                    for (int col = x; col < x + SIDE; col++) {
                        patch[c * n * n + r * n + col] = 0.8f;
                    }
                }
            }
            patches.add(patch);
            boxes.add(List.of(new BoundingBox(x, y, x + SIDE - 1, y + SIDE - 1)));
        }
        return ProposalNetwork.examples(patches, boxes, prior, geometry);
    }

    /** {@code length} values of gaussian noise around 0.4: soft tissue in the soft-tissue window. */
    public static float[] noise(int length, Random random) {
        requireNonNull(random, "random");
        float[] out = new float[length];
        for (int i = 0; i < length; i++) {
            out[i] = 0.4f + 0.05f * (float) random.nextGaussian();
        }
        return out;
    }
}
