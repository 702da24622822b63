package org.deeplesion.release;

/**
 * DeepLesion's Coarse_lesion_type column. The release labels only its validation and test lesions; training
 * lesions carry -1, {@link #UNLABELLED}.
 */
public enum CoarseLesionType {
    UNLABELLED(-1),
    BONE(1),
    ABDOMEN(2),
    MEDIASTINUM(3),
    LIVER(4),
    LUNG(5),
    KIDNEY(6),
    SOFT_TISSUE(7),
    PELVIS(8);

    private final int code;

    CoarseLesionType(int code) {
        this.code = code;
    }

    /** The number the release writes for this type. */
    public int code() {
        return code;
    }

    /** @throws IllegalArgumentException for a number the release does not use */
    public static CoarseLesionType ofCode(int code) {
        for (CoarseLesionType type : values()) {
            if (type.code == code) {
                return type;
            }
        }
        throw new IllegalArgumentException("coarse lesion type must be -1 or 1..8, was " + code);
    }
}
