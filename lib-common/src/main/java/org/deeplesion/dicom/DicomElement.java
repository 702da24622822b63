package org.deeplesion.dicom;

import java.util.List;

/**
 * One data element. Exactly one of {@code value}, {@code items} and {@code fragments} is set, except for a pixel
 * data element that was skipped while reading headers, which has none and keeps its position.
 *
 * <p>Binary values are always held little endian, whatever the transfer syntax they were read from.
 *
 * @param valueOffset byte offset of the value in the file, -1 for elements built in memory
 * @param valueLength declared value length, -1 when undefined
 */
public record DicomElement(
        int tag,
        Vr vr,
        byte[] value,
        List<DicomDataset> items,
        List<byte[]> fragments,
        long valueOffset,
        long valueLength) {

    public static DicomElement ofValue(int tag, Vr vr, byte[] value) {
        return new DicomElement(tag, vr, value, null, null, -1, value.length);
    }

    public static DicomElement ofItems(int tag, List<DicomDataset> items) {
        return new DicomElement(tag, Vr.SQ, null, List.copyOf(items), null, -1, -1);
    }

    /** Encapsulated pixel data: the first fragment is the Basic Offset Table (possibly empty). */
    public static DicomElement ofFragments(int tag, Vr vr, List<byte[]> fragments) {
        return new DicomElement(tag, vr, null, null, List.copyOf(fragments), -1, -1);
    }

    public boolean isSequence() {
        return items != null;
    }

    public boolean isEncapsulated() {
        return fragments != null;
    }

    /** A pixel data element whose value was skipped, not loaded. */
    public boolean isSkipped() {
        return value == null && items == null && fragments == null;
    }
}
