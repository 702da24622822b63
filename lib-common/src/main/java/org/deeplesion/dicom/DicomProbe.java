package org.deeplesion.dicom;

import java.util.Locale;
import java.util.Set;

/**
 * Decides from a file's name and first bytes whether an archive entry is DICOM, so that an export's reports,
 * spreadsheets and thumbnails are skipped quietly while a damaged DICOM file is reported.
 */
public final class DicomProbe {

    /** What an archive entry is. */
    public enum Verdict {
        /** Has the DICM magic or starts with a plausible data set: parse it. */
        DICOM,
        /** Named like DICOM (a .dcm file, a bare instance name) but holds no DICOM structure: a reject. */
        NOT_DICOM_BUT_NAMED_LIKE_IT,
        /** Some other kind of file (text, image, archive, ...): skipped without a reject. */
        OTHER
    }

    /** Bytes of the file head that {@link #classify} needs. */
    public static final int HEAD_LENGTH = 132;

    private static final Set<String> DICOM_EXTENSIONS = Set.of("dcm", "dicom", "dic", "ima", "img");

    private DicomProbe() {}

    public static Verdict classify(String fileName, byte[] head, int length) {
        if (length > 0 && DicomReader.looksLikeDicom(head, length)) {
            return Verdict.DICOM;
        }
        String name = fileName.substring(fileName.lastIndexOf('/') + 1);
        int dot = name.lastIndexOf('.');
        String ext = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
        boolean numericSuffix = !ext.isEmpty() && ext.chars().allMatch(Character::isDigit);
        boolean namedLikeDicom = dot < 0 || DICOM_EXTENSIONS.contains(ext) || numericSuffix;
        return namedLikeDicom ? Verdict.NOT_DICOM_BUT_NAMED_LIKE_IT : Verdict.OTHER;
    }
}
