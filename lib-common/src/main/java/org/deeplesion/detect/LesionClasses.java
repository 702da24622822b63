package org.deeplesion.detect;

import java.util.Locale;
import org.deeplesion.release.CoarseLesionType;

/**
 * The true classes evaluation counts sensitivity by: DeepLesion's coarse lesion types under their release codes
 * (1 bone ... 8 pelvis), and {@link #UNKNOWN} for a lesion whose type nobody recorded (the release's training
 * lesions, which it marks -1, and bookmarks mined from presentation states, which carry none). Keeping the codes as
 * indices lets a report name a class the same way DL_info.csv does.
 */
public final class LesionClasses {

    /** The class of lesions of unknown type; no coarse type uses code 0. */
    public static final int UNKNOWN = 0;

    private LesionClasses() {}

    /**
     * @param coarseTypeCode the {@code lesions} table's {@code coarse_type}: a release code, -1 or null
     * @throws IllegalArgumentException for a code the release does not use
     */
    public static int of(Integer coarseTypeCode) {
        return coarseTypeCode == null ? UNKNOWN : of(CoarseLesionType.ofCode(coarseTypeCode));
    }

    public static int of(CoarseLesionType type) {
        return type == CoarseLesionType.UNLABELLED ? UNKNOWN : type.code();
    }

    /** "unknown", or the coarse type's name in lower case ("liver", "soft_tissue"). */
    public static String name(int classIndex) {
        if (classIndex == UNKNOWN) {
            return "unknown";
        }
        if (classIndex < 0) {
            throw new IllegalArgumentException("class index must be >= 0, was " + classIndex);
        }
        return CoarseLesionType.ofCode(classIndex).name().toLowerCase(Locale.ROOT);
    }
}
