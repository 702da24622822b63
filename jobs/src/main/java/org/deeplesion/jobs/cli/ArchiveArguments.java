package org.deeplesion.jobs.cli;

import java.util.ArrayList;
import java.util.List;
import org.deeplesion.dicom.DicomReader;
import org.deeplesion.jobs.ingest.IngestOptions;
import picocli.CommandLine.Option;

/** What ingest reads and how, shared by {@code ingest} and {@code refresh}. */
final class ArchiveArguments {

    @Option(names = "--input", description = "Archive folder URI (file:, hdfs:, s3a:); repeatable.")
    List<String> inputs = new ArrayList<>();

    @Option(names = "--lake", required = true, description = "Lake root URI.")
    String lake;

    @Option(names = "--replace-uids", description = "Replace study/series/instance UIDs by keyed pseudonyms.")
    boolean replaceUids;

    @Option(names = "--demo-key", description = "Use the built-in pseudonymisation key (synthetic data only).")
    boolean demoKey;

    @Option(
            names = "--max-value-mb",
            defaultValue = "1024",
            description = "Reject DICOM values declared larger than this (MiB). Default: ${DEFAULT-VALUE}.")
    long maxValueMb;

    @Option(names = "--files-per-task", defaultValue = "16", description = "Default: ${DEFAULT-VALUE}.")
    int filesPerTask;

    /** The pseudonymisation secret, resolved once per command. */
    byte[] secret() {
        return PseudonymSecret.resolve(demoKey);
    }

    IngestOptions ingestOptions(byte[] secret) {
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("no archive to read: give --input URI (repeatable)");
        }
        long cap = Math.min(maxValueMb * 1024 * 1024, DicomReader.Options.DEFAULT_MAX_VALUE_LENGTH * 2 - 1024);
        return new IngestOptions(inputs, lake, secret, replaceUids, cap, filesPerTask);
    }
}
