package org.deeplesion.detect;

import static java.util.Objects.requireNonNull;

import java.util.Comparator;
import org.deeplesion.recist.BoundingBox;

/**
 * A candidate region from the proposal network, in the detector image's pixels.
 *
 * @param score the network's objectness, in [0, 1]
 */
public record Proposal(BoundingBox box, double score) {

    public static final Comparator<Proposal> BY_SCORE =
            Comparator.comparingDouble(Proposal::score).reversed();

    public Proposal {
        requireNonNull(box, "box");
        if (!Double.isFinite(score)) {
            throw new IllegalArgumentException("proposal score must be finite, was " + score);
        }
    }
}
