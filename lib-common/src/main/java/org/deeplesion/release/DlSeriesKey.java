package org.deeplesion.release;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Identifies one CT series of the DeepLesion release and names its files: the series' slices lie in the folder
 * {@code Images_png/000001_01_01/} as {@code 001.png, 002.png, ...}, and DL_info.csv names a key slice
 * {@code 000001_01_01_109.png}. All indices and slice numbers are 1-based, as in the release.
 */
public record DlSeriesKey(int patientIndex, int studyIndex, int seriesId) {

    /** The release's top-level image folder. */
    public static final String IMAGES_FOLDER = "Images_png";

    private static final Pattern FOLDER = Pattern.compile("(\\d{6,})_(\\d{2,})_(\\d{2,})");
    private static final Pattern KEY_FILE = Pattern.compile("(\\d{6,})_(\\d{2,})_(\\d{2,})_(\\d{3,})\\.png");

    public DlSeriesKey {
        requirePositive("patient index", patientIndex);
        requirePositive("study index", studyIndex);
        requirePositive("series id", seriesId);
    }

    /** E.g. {@code 000001_01_01}. */
    public String folderName() {
        return String.format(Locale.ROOT, "%06d_%02d_%02d", patientIndex, studyIndex, seriesId);
    }

    /** The DL_info.csv File_name of a slice, e.g. {@code 000001_01_01_109.png}. */
    public String keySliceFileName(int sliceNumber) {
        return folderName() + "_" + sliceFileName(sliceNumber);
    }

    /** The file of a slice within its series folder, e.g. {@code 109.png}. */
    public static String sliceFileName(int sliceNumber) {
        requirePositive("slice number", sliceNumber);
        return String.format(Locale.ROOT, "%03d.png", sliceNumber);
    }

    /** @throws IllegalArgumentException when the name is not like {@code 000001_01_01} */
    public static DlSeriesKey parseFolderName(String folderName) {
        Matcher m = FOLDER.matcher(folderName);
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "'" + folderName + "' is not a DeepLesion series folder name like 000001_01_01");
        }
        return new DlSeriesKey(
                Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
    }

    /** The series named by a DL_info.csv File_name. */
    public static DlSeriesKey parseKeySliceFileName(String fileName) {
        return new DlSeriesKey(keyFileGroup(fileName, 1), keyFileGroup(fileName, 2), keyFileGroup(fileName, 3));
    }

    /** The slice number named by a DL_info.csv File_name. */
    public static int parseKeySliceNumber(String fileName) {
        return keyFileGroup(fileName, 4);
    }

    private static int keyFileGroup(String fileName, int group) {
        Matcher m = KEY_FILE.matcher(fileName);
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "'" + fileName + "' is not a DeepLesion key slice file name like 000001_01_01_109.png");
        }
        return Integer.parseInt(m.group(group));
    }

    private static void requirePositive(String what, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(what + " is 1-based and must be >= 1, was " + value);
        }
    }
}
