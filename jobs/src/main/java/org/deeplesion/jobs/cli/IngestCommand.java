package org.deeplesion.jobs.cli;

import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.deeplesion.jobs.ingest.IngestJob;
import org.deeplesion.jobs.ingest.IngestOptions;
import org.deeplesion.jobs.ingest.IngestSummary;
import org.deeplesion.jobs.lake.LakeRoot;
import org.deeplesion.jobs.spark.Sessions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
        name = "ingest",
        mixinStandardHelpOptions = true,
        description = "Decode a DICOM archive into the lake's slices/objects/rejects tables, de-identified.")
final class IngestCommand implements Callable<Integer> {

    @Mixin
    ArchiveArguments archive;

    @Override
    public Integer call() {
        IngestOptions options = archive.ingestOptions(archive.secret());
        SparkSession spark = Sessions.create("deeplesion-ingest");
        LakeRoot.requireWritable(spark.sparkContext().hadoopConfiguration(), options.lakeRoot());
        IngestSummary summary = new IngestJob(spark, options).run();
        System.out.println(summary.line());
        return 0;
    }
}
