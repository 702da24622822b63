package org.deeplesion.jobs.ingest;

import java.sql.Timestamp;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.deeplesion.dicom.DicomFormatException;

/** Turns an exception into the reason a rejects row records: specific, and naming the file. */
final class Rejects {

    private static final String SEPARATOR = "\t";

    private Rejects() {
    }

    /** A reject as it travels through a string accumulator from tasks to the driver. */
    static String encode(SourceFile source, String reason) {
        return source.uri() + SEPARATOR + source.size() + SEPARATOR + source.modified() + SEPARATOR + reason;
    }

    /** A reject of something that is not a listed file (a row of a CSV): no size or modification time. */
    static String encode(String source, String reason) {
        return source + SEPARATOR + SEPARATOR + SEPARATOR + reason;
    }

    /** The {@code rejects} row of an encoded reject. */
    static Row row(String encoded, String stage, String runId, Timestamp at) {
        String[] p = encoded.split(SEPARATOR, 4);
        return RowFactory.create(p[0], stage, p[3], p[1].isEmpty() ? null : Long.valueOf(p[1]),
                p[2].isEmpty() ? null : new Timestamp(Long.parseLong(p[2])), runId, at);
    }

    static String reason(SourceFile source, Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (e instanceof DicomFormatException || message.contains(source.uri())) {
            return message;
        }
        return source.uri() + ": " + message;
    }
}
