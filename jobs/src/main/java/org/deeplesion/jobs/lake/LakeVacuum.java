package org.deeplesion.jobs.lake;

import static java.util.Objects.requireNonNull;

import io.delta.tables.DeltaTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.ContentSummary;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Deletes the files in a lake's table folders that no table version within the retention refers to: files of runs
 * that were killed or failed before they committed, and files that later commits replaced, with Delta's {@code VACUUM}
 * semantics. Reports what each table's folder held before and after.
 */
public final class LakeVacuum {

    /** Delta's default retention: shorter ones are refused unless asked for, since running jobs may still write. */
    public static final double DEFAULT_RETAIN_HOURS = 168;

    private static final String RETENTION_CHECK = "spark.databricks.delta.retentionDurationCheck.enabled";
    private static final String LISTING_PARALLELISM = "spark.sql.sources.parallelPartitionDiscovery.parallelism";

    /** What vacuum removed from one table's folder. */
    public record TableVacuum(LakeTable table, long filesRemoved, long bytesFreed) {

        public TableVacuum {
            requireNonNull(table, "table");
        }
    }

    private final Lake lake;

    public LakeVacuum(Lake lake) {
        this.lake = requireNonNull(lake, "lake");
    }

    /** Vacuums every table that exists, keeping the files of the last {@code retainHours} hours of versions. */
    public List<TableVacuum> run(double retainHours) {
        if (!(retainHours >= 0)) {
            throw new IllegalArgumentException("--retain-hours must be 0 or more, not " + retainHours);
        }
        var conf = lake.spark().conf();
        String check = conf.get(RETENTION_CHECK, "true");
        String listing = conf.get(LISTING_PARALLELISM, null);
        conf.set(RETENTION_CHECK, Boolean.toString(retainHours >= DEFAULT_RETAIN_HOURS));
        // Delta lists a table's folders in as many tasks as this says, 10,000 by default: minutes of empty tasks.
        conf.set(
                LISTING_PARALLELISM,
                Integer.toString(Math.max(8, lake.spark().sparkContext().defaultParallelism() * 4)));
        try {
            List<TableVacuum> out = new ArrayList<>();
            for (LakeTable t : LakeTable.values()) {
                if (lake.exists(t)) {
                    Path folder = new Path(lake.path(t));
                    ContentSummary before = dataFiles(folder);
                    DeltaTable.forPath(lake.spark(), folder.toString()).vacuum(retainHours);
                    ContentSummary after = dataFiles(folder);
                    out.add(new TableVacuum(
                            t, before.getFileCount() - after.getFileCount(), before.getLength() - after.getLength()));
                }
            }
            return out;
        } finally {
            conf.set(RETENTION_CHECK, check);
            if (listing == null) {
                conf.unset(LISTING_PARALLELISM);
            } else {
                conf.set(LISTING_PARALLELISM, listing);
            }
        }
    }

    /** The files of a table's folder outside its log. */
    private ContentSummary dataFiles(Path folder) {
        try {
            FileSystem fs = folder.getFileSystem(lake.spark().sessionState().newHadoopConf());
            ContentSummary all = fs.getContentSummary(folder);
            Path log = new Path(folder, "_delta_log");
            ContentSummary logs = fs.exists(log) ? fs.getContentSummary(log) : new ContentSummary.Builder().build();
            return new ContentSummary.Builder()
                    .fileCount(all.getFileCount() - logs.getFileCount())
                    .length(all.getLength() - logs.getLength())
                    .build();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder + ": " + e.getMessage(), e);
        }
    }
}
