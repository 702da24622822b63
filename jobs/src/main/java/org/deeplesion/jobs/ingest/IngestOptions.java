package org.deeplesion.jobs.ingest;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * @param secret key of the patient pseudonyms (HMAC-SHA256); never logged
 * @param replaceUids replace study/series/instance UIDs by keyed pseudonyms too
 * @param maxValueLength DICOM values declared longer than this are rejected before allocation
 * @param filesPerTask how many files one decoding task takes on
 */
public record IngestOptions(
        List<String> inputs,
        String lakeRoot,
        byte[] secret,
        boolean replaceUids,
        long maxValueLength,
        int filesPerTask) {

    public IngestOptions {
        inputs = List.copyOf(requireNonNull(inputs, "inputs"));
        requireNonNull(lakeRoot, "lakeRoot");
        requireNonNull(secret, "secret");
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("at least one --input is required");
        }
        if (filesPerTask < 1) {
            throw new IllegalArgumentException("files per task must be positive, was " + filesPerTask);
        }
    }
}
