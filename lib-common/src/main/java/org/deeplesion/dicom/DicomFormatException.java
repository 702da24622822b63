package org.deeplesion.dicom;

import java.io.IOException;

/** A DICOM file that cannot be read: names the file, and where known the tag and byte offset of the problem. */
public final class DicomFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    private final String source;
    private final int tag;
    private final long offset;

    public DicomFormatException(String source, int tag, long offset, String problem) {
        this(source, tag, offset, problem, null);
    }

    public DicomFormatException(String source, int tag, long offset, String problem, Throwable cause) {
        super(describe(source, tag, offset, problem), cause);
        this.source = source;
        this.tag = tag;
        this.offset = offset;
    }

    /** A problem that belongs to the whole file rather than to one element. */
    public static DicomFormatException ofFile(String source, String problem) {
        return new DicomFormatException(source, NO_TAG, -1, problem);
    }

    /** Marks "no particular tag"; tags are never negative in the groups this library reads before pixel data. */
    public static final int NO_TAG = 0xFFFFFFFF;

    public String source() {
        return source;
    }

    public int tag() {
        return tag;
    }

    public long offset() {
        return offset;
    }

    private static String describe(String source, int tag, long offset, String problem) {
        StringBuilder sb = new StringBuilder(source);
        if (tag != NO_TAG) {
            sb.append(": tag ").append(Tag.toString(tag));
        }
        if (offset >= 0) {
            sb.append(tag != NO_TAG ? " at byte " : ": at byte ").append(offset);
        }
        return sb.append(": ").append(problem).toString();
    }
}
