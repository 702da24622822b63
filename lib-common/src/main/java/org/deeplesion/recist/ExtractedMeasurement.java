package org.deeplesion.recist;

import static java.util.Objects.requireNonNull;

/**
 * A RECIST measurement found in a presentation state, with the image it was drawn on.
 *
 * @param referencedSopInstanceUid the measured image
 * @param referencedFrame 1-based frame; 1 when the reference names no frame
 * @param measurement 0-based pixel-centre coordinates, long axis first; one-axis for a lone line
 * @param graphicLayer the annotation's Graphic Layer (0070,0002), null when absent
 * @param label the nearest text object's text in the same annotation, else the presentation state's Content Label
 *     (0070,0080); null when neither exists
 */
public record ExtractedMeasurement(
        String referencedSopInstanceUid,
        int referencedFrame,
        RecistMeasurement measurement,
        String graphicLayer,
        String label) {

    public ExtractedMeasurement {
        requireNonNull(referencedSopInstanceUid, "referencedSopInstanceUid");
        requireNonNull(measurement, "measurement");
        if (referencedFrame < 1) {
            throw new IllegalArgumentException("frame numbers start at 1, was " + referencedFrame);
        }
    }
}
