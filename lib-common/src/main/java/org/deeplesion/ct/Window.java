package org.deeplesion.ct;

import java.io.Serializable;

/**
 * A display window over HU (PS3.3 C.11.2.1.2 linear VOI function): values below centre - width/2 show black,
 * above centre + width/2 white.
 */
public record Window(double center, double width) implements Serializable {

    /** DeepLesion's default soft-tissue window, [-160, 240] HU. */
    public static final Window SOFT_TISSUE = new Window(40, 400);

    public static final Window LUNG = new Window(-600, 1500);
    public static final Window BONE = new Window(400, 1800);

    public Window {
        if (!(width >= 1) || !Double.isFinite(center)) {
            throw new IllegalArgumentException("window centre " + center + " width " + width + " is invalid");
        }
    }

    public double low() {
        return center - width / 2;
    }

    public double high() {
        return center + width / 2;
    }

    /** A HU value mapped linearly onto [0, 1] over the window and clamped: a network input channel. */
    public float toUnit(double hu) {
        double v = (hu - low()) / width;
        return (float) (v <= 0 ? 0 : v >= 1 ? 1 : v);
    }

    /** 8-bit grey levels for display; MONOCHROME1 images are inverted so that they look as the modality meant. */
    public byte[] toGrey(short[] hu, boolean monochrome1) {
        byte[] out = new byte[hu.length];
        double lo = low();
        double scale = 255.0 / width;
        for (int i = 0; i < hu.length; i++) {
            double g = (hu[i] - lo) * scale;
            int v = g <= 0 ? 0 : g >= 255 ? 255 : (int) (g + 0.5);
            out[i] = (byte) (monochrome1 ? 255 - v : v);
        }
        return out;
    }
}
