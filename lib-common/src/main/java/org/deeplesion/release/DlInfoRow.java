package org.deeplesion.release;

import static java.util.Objects.requireNonNull;

import org.deeplesion.recist.BoundingBox;
import org.deeplesion.recist.PixelSpacing;
import org.deeplesion.recist.RecistMeasurement;
import org.deeplesion.recist.Split;

/**
 * One lesion of DL_info.csv, parsed. The file writes pixel coordinates 1-based; here the measurement and the box
 * are in the project's 0-based pixel-centre coordinates ({@link DlInfoCsv} converts). Slice numbers stay 1-based
 * because they name files ({@code 109.png}).
 *
 * @param fileName the key slice, e.g. {@code 000001_01_01_109.png}
 * @param keySliceIndex 1-based slice number of the key slice
 * @param recist long axis then short axis, 0-based
 * @param box the release's box (RECIST extent padded by 5 px), 0-based
 * @param longDiameterPx the diameters as listed in the file
 * @param location the lesion centre's relative body position, each coordinate in 0..1
 * @param possiblyNoisy the release's flag for measurements that may be wrong
 * @param slices the 1-based slice numbers provided for the series
 * @param spacing pixel spacing and slice interval
 * @param window the DICOM window the reader used, in HU
 * @param gender as written, usually M or F; empty when unknown
 * @param age in years, null when the file has none
 */
public record DlInfoRow(
        String fileName,
        int patientIndex,
        int studyIndex,
        int seriesId,
        int keySliceIndex,
        RecistMeasurement recist,
        BoundingBox box,
        double longDiameterPx,
        double shortDiameterPx,
        Location location,
        CoarseLesionType coarseLesionType,
        boolean possiblyNoisy,
        SliceRange slices,
        Spacing spacing,
        int rows,
        int columns,
        Window window,
        String gender,
        Integer age,
        Split split) {

    public DlInfoRow {
        requireNonNull(fileName, "fileName");
        requireNonNull(recist, "recist");
        requireNonNull(box, "box");
        requireNonNull(location, "location");
        requireNonNull(coarseLesionType, "coarseLesionType");
        requireNonNull(slices, "slices");
        requireNonNull(spacing, "spacing");
        requireNonNull(window, "window");
        requireNonNull(gender, "gender");
        requireNonNull(split, "split");
        DlSeriesKey named = DlSeriesKey.parseKeySliceFileName(fileName);
        // Components, not accessors: the fields are not assigned yet in a compact constructor.
        if (!named.equals(new DlSeriesKey(patientIndex, studyIndex, seriesId))
                || DlSeriesKey.parseKeySliceNumber(fileName) != keySliceIndex) {
            throw new IllegalArgumentException("File_name " + fileName + " disagrees with patient " + patientIndex
                    + ", study " + studyIndex + ", series " + seriesId + ", key slice " + keySliceIndex);
        }
        if (keySliceIndex < slices.first() || keySliceIndex > slices.last()) {
            throw new IllegalArgumentException("key slice " + keySliceIndex + " lies outside the slice range "
                    + slices.first() + ".." + slices.last());
        }
        if (rows <= 0 || columns <= 0) {
            throw new IllegalArgumentException("image size must be positive, was " + rows + " x " + columns);
        }
        if (age != null && age < 0) {
            throw new IllegalArgumentException("age must be >= 0, was " + age);
        }
    }

    public DlSeriesKey seriesKey() {
        return new DlSeriesKey(patientIndex, studyIndex, seriesId);
    }

    /** The relative body position of the lesion centre. */
    public record Location(double x, double y, double z) {}

    /** The 1-based numbers of the first and last slice provided for the series. */
    public record SliceRange(int first, int last) {

        public SliceRange {
            if (first < 1 || last < first) {
                throw new IllegalArgumentException(
                        "slice range must satisfy 1 <= first <= last, was " + first + ", " + last);
            }
        }
    }

    /** Pixel spacing in x and y and the slice interval in z, all in millimetres. */
    public record Spacing(double xMm, double yMm, double zMm) {

        public Spacing {
            if (!(xMm > 0) || !(yMm > 0) || !(zMm > 0)) {
                throw new IllegalArgumentException("spacing must be positive, was " + xMm + ", " + yMm + ", " + zMm);
            }
        }

        public PixelSpacing inPlane() {
            return new PixelSpacing(xMm, yMm);
        }
    }

    /** A display window given by its lowest and highest HU. */
    public record Window(double low, double high) {

        public Window {
            if (!(low < high)) {
                throw new IllegalArgumentException("window needs low < high, was " + low + ", " + high);
            }
        }

        public static Window ofCentreWidth(double centre, double width) {
            return new Window(centre - width / 2, centre + width / 2);
        }
    }
}
