package org.deeplesion.recist;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * Whether a measurement can become a lesion record on an image of a given size. A measurement that fails a check
 * is a reject with the reason given here, not a lesion.
 */
public final class MeasurementChecks {

    /** Axes shorter than this are clicks, not diameters. */
    public static final double MIN_AXIS_LENGTH_PX = 1e-6;

    private MeasurementChecks() {}

    /**
     * The first reason the measurement is unusable, or empty when it is fine: an endpoint outside the image (beyond
     * the outer edge of the border pixels, x &lt; -0.5 or x &gt; columns - 0.5, likewise for y), an axis shorter
     * than {@link #MIN_AXIS_LENGTH_PX}, or a short axis that does not cross the long axis.
     *
     * @throws IllegalArgumentException when the image size is not positive
     */
    public static Optional<String> problem(RecistMeasurement measurement, int rows, int columns) {
        requireNonNull(measurement, "measurement");
        if (rows <= 0 || columns <= 0) {
            throw new IllegalArgumentException(
                    "image size must be positive, was " + rows + " rows x " + columns + " columns");
        }
        for (PixelPoint p : endpoints(measurement)) {
            if (p.x() < -0.5 || p.x() > columns - 0.5 || p.y() < -0.5 || p.y() > rows - 0.5) {
                return Optional.of(
                        "endpoint " + PixelText.of(p) + " lies outside the " + rows + " x " + columns + " image");
            }
        }
        if (measurement.longDiameterPx() < MIN_AXIS_LENGTH_PX) {
            return Optional.of("zero-length long axis at " + PixelText.of(measurement.longStart()));
        }
        if (!measurement.hasShortAxis()) {
            return Optional.empty();
        }
        if (measurement.shortDiameterPx() < MIN_AXIS_LENGTH_PX) {
            return Optional.of("zero-length short axis at " + PixelText.of(measurement.shortStart()));
        }
        if (!measurement.axesCross()) {
            return Optional.of("short axis " + PixelText.of(measurement.shortStart()) + "-"
                    + PixelText.of(measurement.shortEnd()) + " does not cross long axis "
                    + PixelText.of(measurement.longStart()) + "-" + PixelText.of(measurement.longEnd()));
        }
        return Optional.empty();
    }

    private static PixelPoint[] endpoints(RecistMeasurement m) {
        return m.hasShortAxis()
                ? new PixelPoint[] {m.longStart(), m.longEnd(), m.shortStart(), m.shortEnd()}
                : new PixelPoint[] {m.longStart(), m.longEnd()};
    }
}
