package org.deeplesion.recist;

import static java.util.Objects.requireNonNull;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.deeplesion.text.CsvFields;

/**
 * Reads RECIST measurements exported as CSV, for archives whose measurements live in a PACS database rather than in
 * presentation states.
 *
 * <p>The file is UTF-8 text, one measurement per line, with a header line naming the columns. Column names are
 * matched case-insensitively, in any order; columns not listed here are ignored. Fields are separated by commas and
 * may be enclosed in double quotes (a quote inside a quoted field is doubled); a field cannot span lines. Blank lines
 * are skipped.
 *
 * <table>
 * <caption>Columns</caption>
 * <tr><th>column</th><th>required</th><th>meaning</th></tr>
 * <tr><td>{@code sop_instance_uid}</td><td>this or {@code file}</td><td>SOP Instance UID of the measured
 *     image</td></tr>
 * <tr><td>{@code file}</td><td>this or {@code sop_instance_uid}</td><td>path or URI of the measured image's file,
 *     for archives that cannot export UIDs</td></tr>
 * <tr><td>{@code frame}</td><td>no</td><td>1-based frame of a multi-frame image; empty or absent means 1</td></tr>
 * <tr><td>{@code long_x1}, {@code long_y1}, {@code long_x2}, {@code long_y2}</td><td>yes</td><td>endpoints of the
 *     long axis</td></tr>
 * <tr><td>{@code short_x1}, {@code short_y1}, {@code short_x2}, {@code short_y2}</td><td>no</td><td>endpoints of the
 *     short axis: all four or none in the header, and all four filled or all four empty in a row (empty for a
 *     one-axis measurement)</td></tr>
 * <tr><td>{@code label}</td><td>no</td><td>free text kept with the lesion, e.g. the reader's annotation</td></tr>
 * </table>
 *
 * <p>The header must hold {@code sop_instance_uid} or {@code file} (or both), and each row must fill at least one of
 * them. Coordinates are decimal numbers in 0-based pixel-centre coordinates: x is the column and y the row, and the
 * centre of the top-left pixel is (0, 0). Tools that count from 1 or from the pixel corner must convert before
 * export. Example:
 *
 * <pre>
 * sop_instance_uid,long_x1,long_y1,long_x2,long_y2,short_x1,short_y1,short_x2,short_y2,label
 * 1.2.840.113619.2.55.3.1,233.5,95.0,260.1,120.4,252.0,100.2,240.3,113.9,liver segment 7
 * 1.2.840.113619.2.55.3.2,101,40,118,52,,,,,node
 * </pre>
 *
 * <p>A missing required column makes the whole file unusable; a bad row is a problem naming the file, line and
 * column, and the other rows are still read. Whether the coordinates lie on the image is checked later, against
 * the image's size ({@link MeasurementChecks}).
 */
public final class MeasurementCsv {

    public static final String SOP_INSTANCE_UID = "sop_instance_uid";
    public static final String FILE = "file";
    public static final String FRAME = "frame";
    public static final List<String> LONG_AXIS = List.of("long_x1", "long_y1", "long_x2", "long_y2");
    public static final List<String> SHORT_AXIS = List.of("short_x1", "short_y1", "short_x2", "short_y2");
    public static final String LABEL = "label";

    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Pattern FRAME_NUMBER = Pattern.compile("\\+?\\d{1,9}");

    private MeasurementCsv() {}

    /**
     * @param source the name used in problems and errors: a path or URI
     * @throws IllegalArgumentException naming the source and column when the header lacks a required column,
     *     names a column twice or is missing
     */
    public static CsvExtraction read(String source, Reader in) throws IOException {
        requireNonNull(source, "source");
        requireNonNull(in, "in");
        BufferedReader lines = in instanceof BufferedReader b ? b : new BufferedReader(in);
        String header = lines.readLine();
        if (header != null && header.startsWith("\uFEFF")) {
            header = header.substring(1);
        }
        if (header == null || header.isBlank()) {
            throw new IllegalArgumentException(source + ": measurement CSV has no header line");
        }
        Columns columns = Columns.of(source, header);
        List<CsvMeasurement> measurements = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        int lineNumber = 1;
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            lineNumber++;
            if (line.isBlank()) {
                continue;
            }
            try {
                measurements.add(columns.parse(lineNumber, split(line)));
            } catch (BadRow e) {
                problems.add(source + ":" + lineNumber + ": " + e.getMessage());
            }
        }
        return new CsvExtraction(measurements, problems);
    }

    /** Where each documented column is in the file; -1 for an optional column that is absent. */
    private record Columns(int fieldCount, int uid, int file, int frame, int[] longAxis, int[] shortAxis, int label) {

        static Columns of(String source, String header) {
            List<String> names;
            try {
                names = split(header);
            } catch (BadRow e) {
                throw new IllegalArgumentException(source + ":1: header: " + e.getMessage(), e);
            }
            Map<String, Integer> index = new HashMap<>();
            for (int i = 0; i < names.size(); i++) {
                String name = names.get(i).strip().toLowerCase(Locale.ROOT);
                if (!name.isEmpty() && index.put(name, i) != null) {
                    throw new IllegalArgumentException(source + ": column " + name + " appears twice in the header");
                }
            }
            int uid = index.getOrDefault(SOP_INSTANCE_UID, -1);
            int file = index.getOrDefault(FILE, -1);
            if (uid < 0 && file < 0) {
                throw new IllegalArgumentException(source + ": measurement CSV needs a column " + SOP_INSTANCE_UID
                        + " or " + FILE + ", header was " + header);
            }
            int[] longAxis = new int[4];
            for (int i = 0; i < 4; i++) {
                longAxis[i] = index.getOrDefault(LONG_AXIS.get(i), -1);
                if (longAxis[i] < 0) {
                    throw new IllegalArgumentException(
                            source + ": measurement CSV needs a column " + LONG_AXIS.get(i) + ", header was " + header);
                }
            }
            int[] shortAxis = new int[4];
            int shortColumns = 0;
            for (int i = 0; i < 4; i++) {
                shortAxis[i] = index.getOrDefault(SHORT_AXIS.get(i), -1);
                shortColumns += shortAxis[i] >= 0 ? 1 : 0;
            }
            if (shortColumns != 0 && shortColumns != 4) {
                String missing = SHORT_AXIS.stream()
                        .filter(c -> !index.containsKey(c))
                        .findFirst()
                        .orElseThrow();
                throw new IllegalArgumentException(source + ": measurement CSV has a short axis column but not "
                        + missing + "; give all of " + String.join(", ", SHORT_AXIS) + " or none");
            }
            return new Columns(
                    names.size(),
                    uid,
                    file,
                    index.getOrDefault(FRAME, -1),
                    longAxis,
                    shortColumns == 4 ? shortAxis : null,
                    index.getOrDefault(LABEL, -1));
        }

        CsvMeasurement parse(int lineNumber, List<String> fields) throws BadRow {
            if (fields.size() != fieldCount) {
                throw new BadRow("expected " + fieldCount + " fields as in the header, found " + fields.size());
            }
            String uidValue = text(fields, uid);
            String fileValue = text(fields, file);
            if (uidValue == null && fileValue == null) {
                throw new BadRow("needs a " + SOP_INSTANCE_UID + " or a " + FILE);
            }
            PixelPoint longStart = point(fields, longAxis[0], longAxis[1], LONG_AXIS.get(0), LONG_AXIS.get(1));
            PixelPoint longEnd = point(fields, longAxis[2], longAxis[3], LONG_AXIS.get(2), LONG_AXIS.get(3));
            RecistMeasurement measurement;
            if (shortAxis == null || allEmpty(fields, shortAxis)) {
                measurement = RecistMeasurement.longAxisOnly(longStart, longEnd);
            } else {
                measurement = RecistMeasurement.twoAxes(
                        longStart,
                        longEnd,
                        point(fields, shortAxis[0], shortAxis[1], SHORT_AXIS.get(0), SHORT_AXIS.get(1)),
                        point(fields, shortAxis[2], shortAxis[3], SHORT_AXIS.get(2), SHORT_AXIS.get(3)));
            }
            return new CsvMeasurement(lineNumber, uidValue, fileValue, frame(fields), measurement, text(fields, label));
        }

        private int frame(List<String> fields) throws BadRow {
            String value = text(fields, frame);
            if (value == null) {
                return 1;
            }
            int number = FRAME_NUMBER.matcher(value).matches() ? Integer.parseInt(value) : 0;
            if (number < 1) {
                throw new BadRow("column " + FRAME + ": '" + value + "' is not a frame number (1, 2, ...)");
            }
            return number;
        }

        private static boolean allEmpty(List<String> fields, int[] columns) {
            for (int c : columns) {
                if (!fields.get(c).isBlank()) {
                    return false;
                }
            }
            return true;
        }

        private static PixelPoint point(List<String> fields, int x, int y, String xName, String yName) throws BadRow {
            return new PixelPoint(number(fields.get(x), xName), number(fields.get(y), yName));
        }

        private static double number(String field, String column) throws BadRow {
            String value = field.strip();
            if (value.isEmpty()) {
                throw new BadRow("column " + column + ": empty, needs a number");
            }
            if (!DECIMAL.matcher(value).matches()) {
                throw new BadRow("column " + column + ": '" + value + "' is not a number");
            }
            double v = Double.parseDouble(value);
            if (!Double.isFinite(v)) {
                throw new BadRow("column " + column + ": '" + value + "' is too large");
            }
            return v;
        }

        private static String text(List<String> fields, int column) {
            if (column < 0) {
                return null;
            }
            String value = fields.get(column).strip();
            return value.isEmpty() ? null : value;
        }
    }

    private static List<String> split(String line) throws BadRow {
        try {
            return CsvFields.split(line);
        } catch (IllegalArgumentException e) {
            throw new BadRow(e.getMessage());
        }
    }

    /** A row that cannot be read; its message names the column where one is to blame. */
    private static final class BadRow extends Exception {

        private static final long serialVersionUID = 1L;

        BadRow(String message) {
            super(message, null, false, false);
        }
    }
}
