package org.deeplesion.jobs.cli;

import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.deeplesion.jobs.harvest.HarvestJob;
import org.deeplesion.jobs.harvest.HarvestSummary;
import org.deeplesion.jobs.lake.LakeRoot;
import org.deeplesion.jobs.spark.Sessions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "harvest",
        mixinStandardHelpOptions = true,
        description = {
            "Retrieve studies from a PACS over DICOMweb (QIDO-RS, WADO-RS) into an archive folder that "
                    + "ingest reads: incrementally (the lake's harvests table), at most --max-connections requests at "
                    + "once.",
            "Credentials: DEEPLESION_DICOMWEB_USER and DEEPLESION_DICOMWEB_PASSWORD, or DEEPLESION_DICOMWEB_TOKEN "
                    + "(or spark.deeplesion.dicomweb.user/password/token); never on the command line."
        })
final class HarvestCommand implements Callable<Integer> {

    @Mixin
    DicomWebArguments pacs;

    @Option(names = "--lake", required = true, description = "Lake root URI (its harvests table records the runs).")
    String lake;

    @Option(names = "--demo-key", description = "Use the built-in pseudonymisation key (synthetic data only).")
    boolean demoKey;

    @Override
    public Integer call() throws Exception {
        if (!pacs.given()) {
            throw new IllegalArgumentException("harvest needs --dicomweb, the PACS's DICOMweb root URL");
        }
        var options = pacs.options(lake, PseudonymSecret.resolve(demoKey));
        SparkSession spark = Sessions.create("deeplesion-harvest");
        LakeRoot.requireWritable(spark.sparkContext().hadoopConfiguration(), lake);
        HarvestSummary summary = new HarvestJob(spark, options).run();
        System.out.println(summary.line());
        return 0;
    }
}
