package org.deeplesion.jobs.cli;

import java.util.concurrent.Callable;
import org.deeplesion.jobs.ingest.IngestJob;
import org.deeplesion.jobs.ingest.IngestOptions;
import org.deeplesion.jobs.ingest.IngestSummary;
import org.deeplesion.jobs.spark.Sessions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = "Decode a DICOM archive into the lake's slices/objects/rejects tables, de-identified.")
final class IngestCommand implements Callable<Integer> {

    @Mixin
    ArchiveArguments archive;

    @Override
    public Integer call() {
        IngestOptions options = archive.ingestOptions(archive.secret());
        IngestSummary summary = new IngestJob(Sessions.create("deeplesion-ingest"), options).run();
        System.out.println(summary.line());
        return 0;
    }
}
