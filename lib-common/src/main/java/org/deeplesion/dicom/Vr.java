package org.deeplesion.dicom;

/** DICOM value representations (PS3.5 6.2). */
public enum Vr {
    AE(false, ' '),
    AS(false, ' '),
    AT(false, 0),
    CS(false, ' '),
    DA(false, ' '),
    DS(false, ' '),
    DT(false, ' '),
    FL(false, 0),
    FD(false, 0),
    IS(false, ' '),
    LO(false, ' '),
    LT(false, ' '),
    OB(true, 0),
    OD(true, 0),
    OF(true, 0),
    OL(true, 0),
    OV(true, 0),
    OW(true, 0),
    PN(false, ' '),
    SH(false, ' '),
    SL(false, 0),
    SQ(true, 0),
    SS(false, 0),
    ST(false, ' '),
    SV(true, 0),
    TM(false, ' '),
    UC(true, ' '),
    UI(false, 0),
    UL(false, 0),
    UN(true, 0),
    UR(true, ' '),
    US(false, 0),
    UT(true, ' '),
    UV(true, 0);

    private final boolean longLength;
    private final byte padding;

    Vr(boolean longLength, int padding) {
        this.longLength = longLength;
        this.padding = (byte) padding;
    }

    /** Whether explicit-VR encoding uses two reserved bytes and a 32-bit length for this VR. */
    public boolean hasLongLength() {
        return longLength;
    }

    /** The byte that pads an odd-length value to even length. */
    public byte padding() {
        return padding;
    }

    /** Whether values are text in the dataset's specific character set (as opposed to ASCII-only strings). */
    public boolean isCharacterSetText() {
        return this == SH || this == LO || this == ST || this == LT || this == PN || this == UC || this == UT;
    }

    public boolean isText() {
        return padding == ' ' || this == UI;
    }

    /** Bytes per binary value that must be swapped between little and big endian; 1 when none. */
    public int swapUnit() {
        return switch (this) {
            case US, SS, OW, AT -> 2;
            case UL, SL, FL, OF, OL -> 4;
            case FD, OD, OV, SV, UV -> 8;
            default -> 1;
        };
    }

    /** Decodes the two VR bytes of an explicit-VR element header, or returns null when they name no VR. */
    public static Vr of(int b0, int b1) {
        if (b0 < 'A' || b0 > 'Z' || b1 < 'A' || b1 > 'Z') {
            return null;
        }
        return BY_CODE[(b0 - 'A') * 26 + (b1 - 'A')];
    }

    private static final Vr[] BY_CODE = new Vr[26 * 26];

    static {
        for (Vr vr : values()) {
            String n = vr.name();
            BY_CODE[(n.charAt(0) - 'A') * 26 + (n.charAt(1) - 'A')] = vr;
        }
    }
}
