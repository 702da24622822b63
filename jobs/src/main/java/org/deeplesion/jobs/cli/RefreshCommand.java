package org.deeplesion.jobs.cli;

import java.time.Duration;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.deeplesion.embed.CropGeometry;
import org.deeplesion.jobs.categorize.CategorizeOptions;
import org.deeplesion.jobs.harvest.HarvestOptions;
import org.deeplesion.jobs.lake.LakeLock;
import org.deeplesion.jobs.lake.LakeRoot;
import org.deeplesion.jobs.mine.MineOptions;
import org.deeplesion.jobs.refresh.RefreshJob;
import org.deeplesion.jobs.refresh.RefreshOptions;
import org.deeplesion.jobs.refresh.RefreshSummary;
import org.deeplesion.jobs.spark.Sessions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "refresh",
        mixinStandardHelpOptions = true,
        description = {
            "Bring the lake up to date with its archive: ingest, mine, then categorize, over only what is "
                    + "new since the last successful refresh; for a schedule (cron, Kubernetes CronJob). "
                    + "With --dicomweb, "
                    + "harvest what is new on the PACS into --archive first.",
            "Exit code 3: another refresh holds the lake's lock (_locks/refresh); nothing was written."
        })
final class RefreshCommand implements Callable<Integer> {

    /** Tells a scheduler "another refresh is running" apart from a failure. */
    static final int LOCKED = 3;

    @Mixin
    ArchiveArguments archive;

    @Mixin
    SplitArguments split;

    @Option(
            names = "--lock-expiry-hours",
            defaultValue = "24",
            description = "A refresh lock older than this is stale and taken over. Default: ${DEFAULT-VALUE}.")
    double lockExpiryHours;

    @Option(
            names = "--break-lock",
            description = "Take over the refresh lock even if its holder may be alive: only when you know it died.")
    boolean breakLock;

    @Option(names = "--no-categorize", description = "Leave categorisation out of the refresh.")
    boolean noCategorize;

    @Mixin
    ClusterArguments clusters;

    @Mixin
    DicomWebArguments pacs;

    @Override
    public Integer call() {
        byte[] secret = archive.secret();
        HarvestOptions harvest = null;
        if (pacs.given()) {
            harvest = pacs.options(archive.lake, secret);
            archive.inputs.add(harvest.archiveRoot());
        }
        RefreshOptions options = new RefreshOptions(
                archive.ingestOptions(secret),
                new MineOptions(archive.lake, null, null, split.seed, split.train, split.validation, secret),
                noCategorize ? null : categorizeOptions(),
                Duration.ofSeconds(Math.round(lockExpiryHours * 3600)),
                breakLock,
                harvest);
        SparkSession spark = Sessions.createForDeepLearning("deeplesion-refresh");
        LakeRoot.requireWritable(spark.sparkContext().hadoopConfiguration(), archive.lake);
        try {
            RefreshSummary summary = new RefreshJob(spark, options).run();
            System.out.println(summary.line());
            return 0;
        } catch (LakeLock.HeldException e) {
            System.err.println("refresh: " + e.getMessage());
            return LOCKED;
        }
    }

    private CategorizeOptions categorizeOptions() {
        int[] range = clusters.range();
        return new CategorizeOptions(
                archive.lake,
                clusters.k,
                range[0],
                range[1],
                clusters.rounds,
                0.9,
                4,
                64,
                split.seed,
                null,
                null,
                CropGeometry.defaults());
    }
}
