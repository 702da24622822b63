package org.deeplesion.recist;

import static java.util.Objects.requireNonNull;

/**
 * One row of a measurement CSV ({@link MeasurementCsv}).
 *
 * @param lineNumber 1-based line in the file, the header being line 1
 * @param sopInstanceUid the image's SOP Instance UID, null when the row names a file instead
 * @param file the image's path or URI, null when the row names a UID instead
 * @param frame 1-based frame number
 * @param measurement 0-based pixel-centre coordinates
 * @param label free text, null when empty
 */
public record CsvMeasurement(
        int lineNumber, String sopInstanceUid, String file, int frame, RecistMeasurement measurement, String label) {

    public CsvMeasurement {
        requireNonNull(measurement, "measurement");
        if (sopInstanceUid == null && file == null) {
            throw new IllegalArgumentException(
                    "line " + lineNumber + ": a measurement needs a SOP Instance UID or a " + "file");
        }
        if (frame < 1) {
            throw new IllegalArgumentException("line " + lineNumber + ": frame numbers start at 1, was " + frame);
        }
    }
}
