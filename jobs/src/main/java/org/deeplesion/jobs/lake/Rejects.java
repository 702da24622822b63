package org.deeplesion.jobs.lake;

import org.deeplesion.dicom.DicomFormatException;

/** The one-line reason of a {@link Reject}, from the exception that made an input unusable. */
public final class Rejects {

    private Rejects() {}

    /** The exception's message, prefixed with the input unless the message already names it. */
    public static String reason(String source, Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (e instanceof DicomFormatException || message.contains(source)) {
            return message;
        }
        return source + ": " + message;
    }
}
