package org.deeplesion.release;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.UUID;

/**
 * DICOM-style UIDs for the public release's PNG slices, which carry none: derived from the series folder and slice
 * number (2.25 root, name-based UUID), so that ingest and mining find the same slice from a file path or from a
 * DL_info.csv File_name without sharing state.
 */
public final class DeepLesionUids {

    private DeepLesionUids() {}

    public static String study(DlSeriesKey key) {
        return uid(String.format(Locale.ROOT, "deeplesion/%06d_%02d", key.patientIndex(), key.studyIndex()));
    }

    public static String series(DlSeriesKey key) {
        return uid("deeplesion/" + key.folderName());
    }

    /** @param sliceNumber 1-based, as in the release's file names */
    public static String slice(DlSeriesKey key, int sliceNumber) {
        return uid("deeplesion/" + key.keySliceFileName(sliceNumber));
    }

    /** The identifier pseudonymised into the patient key: the release's patient index. */
    public static String patientId(DlSeriesKey key) {
        return String.format(Locale.ROOT, "DeepLesion patient %06d", key.patientIndex());
    }

    private static String uid(String name) {
        UUID u = UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
        byte[] bytes = ByteBuffer.allocate(16)
                .putLong(u.getMostSignificantBits())
                .putLong(u.getLeastSignificantBits())
                .array();
        return "2.25." + new BigInteger(1, bytes);
    }
}
