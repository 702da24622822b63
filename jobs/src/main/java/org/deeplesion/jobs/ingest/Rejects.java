package org.deeplesion.jobs.ingest;

import org.deeplesion.dicom.DicomFormatException;

/** Turns an exception into the reason a rejects row records: specific, and naming the file. */
final class Rejects {

    private Rejects() {
    }

    static String reason(SourceFile source, Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (e instanceof DicomFormatException || message.contains(source.uri())) {
            return message;
        }
        return source.uri() + ": " + message;
    }
}
