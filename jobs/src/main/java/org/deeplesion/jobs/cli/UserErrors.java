package org.deeplesion.jobs.cli;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.deeplesion.jobs.lake.LakeLock;

/**
 * Tells the failures a user can fix from bugs. The jobs report a bad argument or input as an {@link
 * IllegalArgumentException} or an I/O error naming it, and a lake another run holds as {@link
 * LakeLock.HeldException}; everything else (a {@link NullPointerException}, an {@link IllegalStateException}, a
 * Spark job that failed) is a bug, whose stack trace is the useful part.
 */
final class UserErrors {

    private UserErrors() {}

    static boolean isUserError(Throwable e) {
        requireNonNull(e, "e");
        return e instanceof IllegalArgumentException
                || e instanceof IOException
                || e instanceof UncheckedIOException
                || e instanceof LakeLock.HeldException;
    }

    /** The message on one line: a console line per error, and a log line that greps as a whole. */
    static String line(Throwable e) {
        requireNonNull(e, "e");
        String message = e.getMessage();
        return message == null || message.isBlank()
                ? e.toString()
                : message.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
