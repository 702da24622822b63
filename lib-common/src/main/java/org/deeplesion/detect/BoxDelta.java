package org.deeplesion.detect;

/**
 * A box relative to a reference box (anchor, grid cell or proposal), in the Faster R-CNN parameterisation: centre
 * offsets in units of the reference's size, and log size ratios, each multiplied by the coder's weight.
 */
public record BoxDelta(double dx, double dy, double dw, double dh) {

    public BoxDelta {
        if (!Double.isFinite(dx) || !Double.isFinite(dy) || !Double.isFinite(dw) || !Double.isFinite(dh)) {
            throw new IllegalArgumentException(
                    "box delta must be finite, was (" + dx + ", " + dy + ", " + dw + ", " + dh + ")");
        }
    }
}
