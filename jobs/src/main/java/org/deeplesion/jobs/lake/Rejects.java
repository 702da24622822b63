package org.deeplesion.jobs.lake;

import java.sql.Timestamp;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.deeplesion.dicom.DicomFormatException;

/**
 * Rejects as every stage records them: a reason that names the input, carried from tasks to the driver as one
 * string (string accumulators travel anywhere), then turned into a {@code rejects} row.
 */
public final class Rejects {

    private static final String SEPARATOR = "\t";

    private Rejects() {
    }

    /** A reject of a listed file, with the size and modification time that identify its version. */
    public static String encode(String uri, long size, long modified, String reason) {
        return uri + SEPARATOR + size + SEPARATOR + modified + SEPARATOR + reason;
    }

    /** A reject of something that is not a listed file (a row of a CSV): no size or modification time. */
    public static String encode(String source, String reason) {
        return source + SEPARATOR + SEPARATOR + SEPARATOR + reason;
    }

    /** The {@code rejects} row of an encoded reject. */
    public static Row row(String encoded, String stage, String runId, Timestamp at) {
        String[] p = encoded.split(SEPARATOR, 4);
        return RowFactory.create(p[0], stage, p[3], p[1].isEmpty() ? null : Long.valueOf(p[1]),
                p[2].isEmpty() ? null : new Timestamp(Long.parseLong(p[2])), runId, at);
    }

    /** The exception's message, prefixed with the input unless the message already names it. */
    public static String reason(String source, Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (e instanceof DicomFormatException || message.contains(source)) {
            return message;
        }
        return source + ": " + message;
    }
}
