package org.deeplesion.release;

import static java.util.Objects.requireNonNull;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.deeplesion.recist.BoundingBox;
import org.deeplesion.recist.PixelPoint;
import org.deeplesion.recist.RecistMeasurement;
import org.deeplesion.recist.Split;
import org.deeplesion.text.CsvFields;

/**
 * Reads and writes DL_info.csv, the release's lesion table: a header of 18 columns, then one lesion per line, with
 * multi-valued fields quoted and separated by ", " ({@code "233.537, 95.0204, ..."}).
 *
 * <p>Pixel coordinates in the file are 1-based; {@link DlInfoRow} holds them 0-based, so this class adds or removes
 * 1 on the way out or in. Coordinates and diameters are written with 4 decimals, locations with 6 and spacings with 8,
 * at least as precise as the release's own values. Image_size is written rows first; the release's images are
 * square, so its order cannot be told from the data.
 */
public final class DlInfoCsv {

    /** The release's columns, in order. */
    public static final List<String> COLUMNS = List.of(
            "File_name",
            "Patient_index",
            "Study_index",
            "Series_ID",
            "Key_slice_index",
            "Measurement_coordinates",
            "Bounding_boxes",
            "Lesion_diameters_Pixel_",
            "Normalized_lesion_location",
            "Coarse_lesion_type",
            "Possibly_noisy",
            "Slice_range",
            "Spacing_mm_px_",
            "Image_size",
            "DICOM_windows",
            "Patient_gender",
            "Patient_age",
            "Train_Val_Test");

    private static final String HEADER = String.join(",", COLUMNS);
    private static final int PIXEL_DECIMALS = 4;
    private static final int FINE_DECIMALS = 6;
    private static final int SPACING_DECIMALS = 8;

    private DlInfoCsv() {}

    public static void write(Path path, List<DlInfoRow> rows) throws IOException {
        try (Writer out = Files.newBufferedWriter(path, StandardCharsets.UTF_8)) {
            write(rows, out);
        }
    }

    public static void write(List<DlInfoRow> rows, Writer out) throws IOException {
        requireNonNull(rows, "rows");
        out.write(HEADER);
        out.write('\n');
        for (DlInfoRow row : rows) {
            out.write(format(row));
            out.write('\n');
        }
        out.flush();
    }

    public static List<DlInfoRow> read(Path path) throws IOException {
        try (Reader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            return read(path.toString(), in);
        }
    }

    /**
     * @param source the name used in error messages: a path or URI
     * @throws DlInfoFormatException naming the source, line and column of the first malformed value
     */
    public static List<DlInfoRow> read(String source, Reader in) throws IOException {
        return read(source, in, null);
    }

    private static List<DlInfoRow> read(String source, Reader in, List<DlInfoFormatException> problems)
            throws IOException {
        BufferedReader lines = in instanceof BufferedReader b ? b : new BufferedReader(in);
        String header = lines.readLine();
        if (header == null) {
            throw new DlInfoFormatException(source, 1, "empty file, expected the header " + HEADER);
        }
        if (header.startsWith("\uFEFF")) {
            header = header.substring(1);
        }
        if (!header.strip().equals(HEADER)) {
            throw new DlInfoFormatException(source, 1, "header must be " + HEADER + ", was " + header);
        }
        List<DlInfoRow> rows = new ArrayList<>();
        int lineNumber = 1;
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            lineNumber++;
            if (!line.isBlank()) {
                if (problems == null) {
                    rows.add(parse(source, lineNumber, line));
                } else {
                    try {
                        rows.add(parse(source, lineNumber, line));
                    } catch (DlInfoFormatException e) {
                        problems.add(e);
                    }
                }
            }
        }
        return rows;
    }

    /** The rows that parse, and a problem for each that does not: one bad row does not lose the others. */
    public record Lenient(List<DlInfoRow> rows, List<DlInfoFormatException> problems) {}

    /**
     * Reads every well-formed row; each malformed one becomes a problem naming the source, line and column.
     *
     * @throws DlInfoFormatException when the header itself is wrong (nothing can be read then)
     */
    public static Lenient readLenient(String source, Reader in) throws IOException {
        List<DlInfoFormatException> problems = new ArrayList<>();
        List<DlInfoRow> rows = read(source, in, problems);
        return new Lenient(rows, problems);
    }

    // ---- writing ------------------------------------------------------------------------------------------------

    private static String format(DlInfoRow row) {
        RecistMeasurement m = row.recist().translated(1, 1);
        if (!m.hasShortAxis()) {
            throw new IllegalArgumentException(row.fileName() + ": DL_info.csv needs both RECIST axes");
        }
        BoundingBox b = row.box().translated(1, 1);
        List<String> fields = List.of(
                row.fileName(),
                Integer.toString(row.patientIndex()),
                Integer.toString(row.studyIndex()),
                Integer.toString(row.seriesId()),
                Integer.toString(row.keySliceIndex()),
                list(
                        PIXEL_DECIMALS,
                        m.longStart().x(),
                        m.longStart().y(),
                        m.longEnd().x(),
                        m.longEnd().y(),
                        m.shortStart().x(),
                        m.shortStart().y(),
                        m.shortEnd().x(),
                        m.shortEnd().y()),
                list(PIXEL_DECIMALS, b.x1(), b.y1(), b.x2(), b.y2()),
                list(PIXEL_DECIMALS, row.longDiameterPx(), row.shortDiameterPx()),
                list(
                        FINE_DECIMALS,
                        row.location().x(),
                        row.location().y(),
                        row.location().z()),
                Integer.toString(row.coarseLesionType().code()),
                row.possiblyNoisy() ? "1" : "0",
                list(0, row.slices().first(), row.slices().last()),
                list(
                        SPACING_DECIMALS,
                        row.spacing().xMm(),
                        row.spacing().yMm(),
                        row.spacing().zMm()),
                list(0, row.rows(), row.columns()),
                list(PIXEL_DECIMALS, row.window().low(), row.window().high()),
                row.gender(),
                row.age() == null ? "" : Integer.toString(row.age()),
                Integer.toString(row.split().code()));
        StringBuilder line = new StringBuilder(256);
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                line.append(',');
            }
            line.append(quoted(fields.get(i)));
        }
        return line.toString();
    }

    private static String list(int decimals, double... values) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(BigDecimal.valueOf(values[i])
                    .setScale(decimals, RoundingMode.HALF_EVEN)
                    .stripTrailingZeros()
                    .toPlainString());
        }
        return sb.toString();
    }

    private static String quoted(String field) {
        if (field.indexOf(',') < 0 && field.indexOf('"') < 0) {
            return field;
        }
        return '"' + field.replace("\"", "\"\"") + '"';
    }

    // ---- reading ------------------------------------------------------------------------------------------------

    private static DlInfoRow parse(String source, int lineNumber, String line) throws DlInfoFormatException {
        List<String> fields = split(source, lineNumber, line);
        if (fields.size() != COLUMNS.size()) {
            throw new DlInfoFormatException(
                    source, lineNumber, "expected " + COLUMNS.size() + " columns, found " + fields.size());
        }
        Fields f = new Fields(source, lineNumber, fields);
        double[] c = f.numbers(5, 8);
        double[] box = f.numbers(6, 4);
        double[] diameters = f.numbers(7, 2);
        double[] location = f.numbers(8, 3);
        int[] sliceRange = f.integers(11, 2);
        double[] spacing = f.numbers(12, 3);
        int[] size = f.integers(13, 2);
        double[] window = f.numbers(14, 2);
        return f.build(() -> new DlInfoRow(
                fields.get(0).strip(),
                f.integer(1),
                f.integer(2),
                f.integer(3),
                f.integer(4),
                RecistMeasurement.twoAxes(
                        new PixelPoint(c[0] - 1, c[1] - 1),
                        new PixelPoint(c[2] - 1, c[3] - 1),
                        new PixelPoint(c[4] - 1, c[5] - 1),
                        new PixelPoint(c[6] - 1, c[7] - 1)),
                new BoundingBox(box[0] - 1, box[1] - 1, box[2] - 1, box[3] - 1),
                diameters[0],
                diameters[1],
                new DlInfoRow.Location(location[0], location[1], location[2]),
                CoarseLesionType.ofCode(f.integer(9)),
                f.flag(10),
                new DlInfoRow.SliceRange(sliceRange[0], sliceRange[1]),
                new DlInfoRow.Spacing(spacing[0], spacing[1], spacing[2]),
                size[0],
                size[1],
                new DlInfoRow.Window(window[0], window[1]),
                fields.get(15).strip(),
                f.age(16),
                Split.ofCode(f.integer(17))));
    }

    private static List<String> split(String source, int lineNumber, String line) throws DlInfoFormatException {
        try {
            return CsvFields.split(line);
        } catch (IllegalArgumentException e) {
            throw new DlInfoFormatException(source, lineNumber, e.getMessage());
        }
    }

    /** Parses the fields of one line, naming the column in every error. */
    private record Fields(String source, int line, List<String> values) {

        int integer(int column) throws DlInfoFormatException {
            return integers(column, 1)[0];
        }

        boolean flag(int column) throws DlInfoFormatException {
            int v = integer(column);
            if (v != 0 && v != 1) {
                throw error(column, "must be 0 or 1, was " + v, null);
            }
            return v == 1;
        }

        Integer age(int column) throws DlInfoFormatException {
            String v = values.get(column).strip();
            if (v.isEmpty() || v.equalsIgnoreCase("nan")) {
                return null;
            }
            return (int) Math.round(numbers(column, 1)[0]);
        }

        int[] integers(int column, int count) throws DlInfoFormatException {
            double[] d = numbers(column, count);
            int[] out = new int[count];
            for (int i = 0; i < count; i++) {
                if (d[i] != Math.rint(d[i]) || Math.abs(d[i]) > Integer.MAX_VALUE) {
                    throw error(column, "must hold whole numbers, was '" + values.get(column) + "'", null);
                }
                out[i] = (int) d[i];
            }
            return out;
        }

        double[] numbers(int column, int count) throws DlInfoFormatException {
            String[] parts = values.get(column).split(",", -1);
            if (parts.length != count) {
                throw error(
                        column,
                        "must hold " + count + " value" + (count == 1 ? "" : "s") + ", was '" + values.get(column)
                                + "'",
                        null);
            }
            double[] out = new double[count];
            for (int i = 0; i < count; i++) {
                try {
                    out[i] = Double.parseDouble(parts[i].strip());
                } catch (NumberFormatException e) {
                    throw error(column, "'" + parts[i].strip() + "' is not a number", e);
                }
                if (!Double.isFinite(out[i])) {
                    throw error(column, "'" + parts[i].strip() + "' is not a finite number", null);
                }
            }
            return out;
        }

        /** Builds the row, turning a violated invariant into an error on this line. */
        DlInfoRow build(RowFactory factory) throws DlInfoFormatException {
            try {
                return factory.create();
            } catch (IllegalArgumentException e) {
                throw new DlInfoFormatException(source, line, e.getMessage(), e);
            }
        }

        private DlInfoFormatException error(int column, String problem, Throwable cause) {
            return new DlInfoFormatException(source, line, "column " + COLUMNS.get(column) + ": " + problem, cause);
        }
    }

    @FunctionalInterface
    private interface RowFactory {
        DlInfoRow create() throws DlInfoFormatException;
    }
}
