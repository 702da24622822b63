package org.deeplesion.jobs.cli;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.deeplesion.dicom.DicomReader;
import org.deeplesion.embed.CropGeometry;
import org.deeplesion.jobs.categorize.CategorizeOptions;
import org.deeplesion.jobs.ingest.IngestOptions;
import org.deeplesion.jobs.lake.LakeLock;
import org.deeplesion.jobs.mine.MineOptions;
import org.deeplesion.jobs.refresh.RefreshJob;
import org.deeplesion.jobs.refresh.RefreshOptions;
import org.deeplesion.jobs.refresh.RefreshSummary;
import org.deeplesion.jobs.spark.Sessions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "refresh", mixinStandardHelpOptions = true,
        description = {"Bring the lake up to date with its archive: ingest, then mine, over only what is new since "
                + "the last successful refresh; for a schedule (cron, Kubernetes CronJob).",
            "Exit code 3: another refresh holds the lake's lock (_locks/refresh); nothing was written."})
final class RefreshCommand implements Callable<Integer> {

    /** Tells a scheduler "another refresh is running" apart from a failure. */
    static final int LOCKED = 3;

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

    @Option(names = "--seed", defaultValue = "1",
            description = "Seeds the per-patient split; keep it fixed for a lake. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--train", defaultValue = "0.7",
            description = "Share of patients in train. Default: ${DEFAULT-VALUE}.")
    double train;

    @Option(names = "--validation", defaultValue = "0.15",
            description = "Share of patients in validation (test gets the rest). Default: ${DEFAULT-VALUE}.")
    double validation;

    @Option(names = "--lock-expiry-hours", defaultValue = "24",
            description = "A refresh lock older than this is stale and taken over. Default: ${DEFAULT-VALUE}.")
    double lockExpiryHours;

    @Option(names = "--break-lock",
            description = "Take over the refresh lock even if its holder may be alive: only when you know it died.")
    boolean breakLock;

    @Option(names = "--no-categorize", description = "Leave categorisation out of the refresh.")
    boolean noCategorize;

    @Option(names = "--k", description = "Clusters for the categorize stage. Without it, k is chosen over --k-range.")
    Integer k;

    @Option(names = "--k-range", defaultValue = "4..10",
            description = "Range of k for the categorize stage, by silhouette. Default: ${DEFAULT-VALUE}.")
    String kRange;

    @Option(names = "--rounds", defaultValue = "3",
            description = "Most categorisation rounds. Default: ${DEFAULT-VALUE}.")
    int rounds;

    @Override
    public Integer call() {
        byte[] secret = PseudonymSecret.resolve(demoKey);
        long cap = Math.min(maxValueMb * 1024 * 1024, DicomReader.Options.DEFAULT_MAX_VALUE_LENGTH * 2 - 1024);
        RefreshOptions options = new RefreshOptions(
                new IngestOptions(inputs, lake, secret, replaceUids, cap, filesPerTask),
                new MineOptions(lake, null, null, seed, train, validation, secret),
                noCategorize ? null : categorizeOptions(),
                Duration.ofSeconds(Math.round(lockExpiryHours * 3600)), breakLock);
        try {
            RefreshSummary summary = new RefreshJob(Sessions.createForDeepLearning("deeplesion-refresh"), options).run();
            System.out.println(summary.line());
            return 0;
        } catch (LakeLock.HeldException e) {
            System.err.println("refresh: " + e.getMessage());
            return LOCKED;
        }
    }

    private CategorizeOptions categorizeOptions() {
        int[] range = CategorizeCommand.parseRange(kRange);
        return new CategorizeOptions(lake, k, range[0], range[1], rounds, 0.9, 4, 64, seed, null, null,
                CropGeometry.defaults());
    }
}
