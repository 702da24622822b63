package org.deeplesion.jobs.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.deeplesion.dicom.DicomReader;
import org.deeplesion.jobs.ingest.IngestJob;
import org.deeplesion.jobs.ingest.IngestOptions;
import org.deeplesion.jobs.ingest.IngestSummary;
import org.deeplesion.jobs.spark.Sessions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = "Decode a DICOM archive into the lake's slices/objects/rejects tables, de-identified.")
final class IngestCommand implements Callable<Integer> {

    @Option(names = "--input", required = true, description = "Archive folder URI (file:, hdfs:, s3a:); repeatable.")
    List<String> inputs;

    @Option(names = "--lake", required = true, description = "Lake root URI.")
    String lake;

    @Option(names = "--replace-uids", description = "Replace study/series/instance UIDs by keyed pseudonyms.")
    boolean replaceUids;

    @Option(names = "--demo-key", description = "Use the built-in pseudonymisation key (synthetic data only).")
    boolean demoKey;

    @Option(names = "--max-value-mb", defaultValue = "1024",
            description = "Reject DICOM values declared larger than this (MiB). Default: ${DEFAULT-VALUE}.")
    long maxValueMb;

    @Option(names = "--files-per-task", defaultValue = "16", description = "Default: ${DEFAULT-VALUE}.")
    int filesPerTask;

    @Override
    public Integer call() {
        byte[] secret = PseudonymSecret.resolve(demoKey);
        long cap = Math.min(maxValueMb * 1024 * 1024, DicomReader.Options.DEFAULT_MAX_VALUE_LENGTH * 2 - 1024);
        IngestOptions options = new IngestOptions(inputs, lake, secret, replaceUids, cap, filesPerTask);
        IngestSummary summary = new IngestJob(Sessions.create("deeplesion-ingest"), options).run();
        System.out.println(summary.line());
        return 0;
    }
}
