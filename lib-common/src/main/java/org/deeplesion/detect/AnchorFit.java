package org.deeplesion.detect;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * Anchor sizes fitted to training boxes.
 *
 * @param anchors smallest area first
 * @param meanIou the training boxes' mean IoU with their best anchor, centred: how well the anchors cover them
 */
public record AnchorFit(List<AnchorSize> anchors, double meanIou) {

    public AnchorFit {
        anchors = List.copyOf(requireNonNull(anchors, "anchors"));
    }
}
