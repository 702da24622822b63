package org.deeplesion.detect;

import java.io.Serializable;

/**
 * How a trained detector turns network outputs into detections.
 *
 * @param proposals proposals per image passed to the region classifier
 * @param proposalNmsIou NMS among proposals, loose so that adjacent lesions keep their own proposals
 * @param detectionNmsIou NMS among final detections, class-agnostic: a lesion has one class
 * @param maxDetections kept per image, enough for the FROC curve's 16 false positives per image
 * @param flip propose from the mean of the proposal network's maps over the image and its mirror image (test-time
 *     augmentation): with the same models, 0.004 to 0.038 more sensitivity at 4 FP per image (two at 128 px, two at
 *     512 px), for one more pass of the proposal network per image (docs/experiments.md). A model directory written
 *     before this setting existed reads as {@code false}.
 */
public record DetectorSettings(
        int proposals, double proposalNmsIou, double detectionNmsIou, int maxDetections, boolean flip)
        implements Serializable {

    private static final long serialVersionUID = 1L;

    public static DetectorSettings defaults() {
        return new DetectorSettings(48, 0.7, 0.3, 32, true);
    }

    /** These settings with {@link #flip} as given. */
    public DetectorSettings withFlip(boolean flip) {
        return new DetectorSettings(proposals, proposalNmsIou, detectionNmsIou, maxDetections, flip);
    }

    public DetectorSettings {
        if (proposals < 1 || maxDetections < 1) {
            throw new IllegalArgumentException(
                    "proposals and detections per image must be >= 1, were " + proposals + " and " + maxDetections);
        }
        if (!(proposalNmsIou > 0 && proposalNmsIou <= 1) || !(detectionNmsIou > 0 && detectionNmsIou <= 1)) {
            throw new IllegalArgumentException(
                    "NMS thresholds must lie in (0, 1], were " + proposalNmsIou + " and " + detectionNmsIou);
        }
    }
}
