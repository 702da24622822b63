package org.deeplesion.recist;

/** DeepLesion's Train_Val_Test column: the patient-level data split. */
public enum Split {
    TRAIN(1),
    VALIDATION(2),
    TEST(3);

    private final int code;

    Split(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** @throws IllegalArgumentException for a number other than 1, 2 or 3 */
    public static Split ofCode(int code) {
        for (Split split : values()) {
            if (split.code == code) {
                return split;
            }
        }
        throw new IllegalArgumentException("Train_Val_Test must be 1, 2 or 3, was " + code);
    }
}
