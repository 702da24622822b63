package org.deeplesion.jobs.lake;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;
import java.sql.Timestamp;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * An input a stage could not use and why, as tasks hand it to the driver (in a result or a collection accumulator)
 * before it becomes a {@code rejects} row.
 *
 * @param source the input: a file's URI, or a CSV's path and line
 * @param size the file's size in bytes, which with its modification time identifies the version rejected; null
 *     for what is not a listed file
 * @param modified the file's modification time in epoch milliseconds; null with {@code size}
 * @param reason the one-line reason, naming the input
 */
public record Reject(String source, Long size, Long modified, String reason) implements Serializable {

    private static final long serialVersionUID = 1L;

    public Reject {
        requireNonNull(source, "source");
        requireNonNull(reason, "reason");
        if ((size == null) != (modified == null)) {
            throw new IllegalArgumentException(
                    "a reject of " + source + " has a size or a modification time, " + "not both");
        }
    }

    /** A listed file, with the size and modification time that identify its version. */
    public static Reject ofFile(String uri, long size, long modified, String reason) {
        return new Reject(uri, size, modified, reason);
    }

    /** Something that is not a listed file (a row of a CSV, a lesion): no size or modification time. */
    public static Reject of(String source, String reason) {
        return new Reject(source, null, null, reason);
    }

    /** The {@code rejects} row. */
    public Row row(String stage, String runId, Timestamp at) {
        requireNonNull(stage, "stage");
        requireNonNull(runId, "runId");
        requireNonNull(at, "at");
        return RowFactory.create(
                source, stage, reason, size, modified == null ? null : new Timestamp(modified), runId, at);
    }
}
