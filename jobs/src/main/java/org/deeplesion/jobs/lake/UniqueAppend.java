package org.deeplesion.jobs.lake;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.col;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntConsumer;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.delta.DeltaConcurrentModificationException;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.DeltaOperations;
import org.apache.spark.sql.delta.OptimisticTransaction;
import org.apache.spark.sql.delta.actions.Action;
import org.apache.spark.sql.delta.actions.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.deeplesion.jobs.spark.RowValues;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Option;

/**
 * Commits written data files to a table so that no key is in it twice, whatever other runs commit at the same time.
 *
 * <p>Each attempt opens a Delta transaction that reads the whole table, so that Delta's optimistic concurrency sees
 * any file another run commits meanwhile as a conflict. Against the transaction's snapshot it leaves out the rows
 * whose keys are already there, or repeat a key of an earlier row of this commit: a file with only such rows is
 * dropped, a file with some is rewritten without them. On a conflict it waits (exponential backoff with jitter) and
 * tries again against the new snapshot, at most {@value #MAX_ATTEMPTS} times. Files that end up outside the table are
 * deleted once the commit has succeeded; when it fails, every file written for it is deleted.
 */
final class UniqueAppend {

    private static final Logger LOG = LoggerFactory.getLogger(UniqueAppend.class);
    static final int MAX_ATTEMPTS = 8;
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(200);
    private static final Duration LONGEST_BACKOFF = Duration.ofSeconds(10);
    /**
     * Test hook: a folder where each run, before committing to {@link #BARRIER_TABLE}, leaves a file and waits until
     * {@link #BARRIER_PARTIES} runs have, so that a test can make concurrent runs race for the same commit.
     */
    static final String BARRIER = "deeplesion.test.commit-barrier";
    static final String BARRIER_TABLE = "deeplesion.test.commit-barrier-table";
    static final String BARRIER_PARTIES = "deeplesion.test.commit-barrier-parties";

    private final Lake lake;
    private final LakeTable table;
    private final String root;
    private final RowKey key;
    private final IntConsumer beforeCommit;
    private final Sleeper sleeper;

    /** Waits between attempts; tests pass one that returns at once. */
    @FunctionalInterface
    interface Sleeper {

        void sleep(Duration duration) throws InterruptedException;
    }

    UniqueAppend(Lake lake, LakeTable table) {
        this(lake, table, attempt -> { }, d -> Thread.sleep(d.toMillis()));
    }

    /** With a callback that runs before each attempt's commit, given the attempt's number (from 1). */
    UniqueAppend(Lake lake, LakeTable table, IntConsumer beforeCommit, Sleeper sleeper) {
        this.lake = requireNonNull(lake, "lake");
        this.table = requireNonNull(table, "table");
        this.root = lake.path(table);
        this.key = RowKey.of(table);
        this.beforeCommit = requireNonNull(beforeCommit, "beforeCommit");
        this.sleeper = requireNonNull(sleeper, "sleeper");
    }

    AppendResult commit(List<DataFile> written) {
        requireNonNull(written, "written");
        if (written.isEmpty()) {
            return AppendResult.NOTHING;
        }
        long rowsWritten = rows(written);
        List<DataFile> files = written;
        List<DataFile> leftOut = new ArrayList<>();
        boolean mayBeCommitted = false;
        try {
            awaitBarrier();
            for (int attempt = 1; ; attempt++) {
                OptimisticTransaction txn = DeltaLog.forTable(lake.spark(), new Path(root)).startTransaction();
                Set<String> inTable;
                if (txn.readVersion() < 0) {
                    txn.updateMetadataForNewTable(newTableMetadata());
                    inTable = Set.of();
                } else {
                    requireSameColumns(txn.metadata().schema());
                    txn.readWholeTable();
                    inTable = keysIn(txn.readVersion(), files);
                }
                files = withoutRepeatedKeys(files, inTable, leftOut);
                if (files.isEmpty()) {
                    LOG.info("table {}: all {} rows written are in the table already; nothing to commit",
                            table.tableName(), rowsWritten);
                    lake.discardQuietly(table, leftOut);
                    return new AppendResult(0, 0, rowsWritten, attempt);
                }
                beforeCommit.accept(attempt);
                try {
                    mayBeCommitted = true;
                    txn.commit(RowValues.array(adds(files)), new DeltaOperations.Write(SaveMode.Append,
                            Option.apply(RowValues.array(table.partitionColumns())), Option.empty(), Option.empty()));
                } catch (DeltaConcurrentModificationException conflict) {
                    mayBeCommitted = false;
                    if (attempt == MAX_ATTEMPTS) {
                        throw new IllegalStateException("table " + table.tableName() + ": " + MAX_ATTEMPTS
                                + " commits in a row conflicted with other runs writing the table; last: "
                                + conflict.getMessage(), conflict);
                    }
                    Duration wait = backoff(attempt);
                    LOG.warn("table {}: another run committed first ({}); checking keys again and retrying in {} ms "
                            + "(attempt {} of {})", table.tableName(), conflict.getClass().getSimpleName(),
                            wait.toMillis(), attempt + 1, MAX_ATTEMPTS);
                    sleeper.sleep(wait);
                    continue;
                }
                long rows = rows(files);
                if (rows < rowsWritten) {
                    LOG.info("table {}: {} of {} rows written were in the table already and were left out",
                            table.tableName(), rowsWritten - rows, rowsWritten);
                }
                lake.discardQuietly(table, leftOut);
                return new AppendResult(files.size(), rows, rowsWritten - rows, attempt);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            lake.discard(table, files, e);
            lake.discard(table, leftOut, e);
            throw new IllegalStateException("interrupted while committing to table " + table.tableName(), e);
        } catch (RuntimeException | Error e) {
            // A commit that failed otherwise than by a conflict may have reached the log: its files stay for vacuum.
            if (!mayBeCommitted) {
                lake.discard(table, files, e);
            }
            lake.discard(table, leftOut, e);
            throw e;
        }
    }

    /** The keys at a version of the table, in the partitions the files belong to. */
    private Set<String> keysIn(long version, List<DataFile> files) {
        Dataset<Row> snapshot = lake.spark().read().format("delta").option("versionAsOf", version).load(root);
        for (int i = 0; i < table.partitionColumns().size(); i++) {
            Set<String> values = new HashSet<>();
            for (DataFile f : files) {
                values.add(f.partitionValues().get(i));
            }
            if (!values.contains(null)) {
                snapshot = snapshot.filter(col(table.partitionColumns().get(i)).isin(values.toArray()));
            }
        }
        Dataset<Row> keys = snapshot.select(table.keyColumns().stream().map(Column::new).toArray(Column[]::new));
        RowKey keyOfSelection = new RowKey(keys.schema(), table.keyColumns());
        Set<String> out = new HashSet<>();
        for (Row r : keys.collectAsList()) {
            out.add(keyOfSelection.of(r));
        }
        return out;
    }

    /**
     * The files as they may be committed: without the rows whose keys are in the table or in an earlier row of these
     * files. Files left out entirely, and files replaced by a rewrite, are added to {@code leftOut}.
     */
    private List<DataFile> withoutRepeatedKeys(List<DataFile> files, Set<String> inTable, List<DataFile> leftOut) {
        Set<String> seen = new HashSet<>(inTable);
        List<DataFile> kept = new ArrayList<>(files.size());
        Map<DataFile, Set<String>> toRewrite = new LinkedHashMap<>();
        for (DataFile f : files) {
            Set<String> inFile = new HashSet<>();
            Set<String> repeated = new HashSet<>();
            boolean anyRepeat = false;
            for (String k : f.keys()) {
                if (seen.contains(k)) {
                    repeated.add(k);
                    anyRepeat = true;
                } else if (!inFile.add(k)) {
                    anyRepeat = true;
                }
            }
            if (inFile.isEmpty()) {
                leftOut.add(f);
            } else if (anyRepeat) {
                toRewrite.put(f, repeated);
            } else {
                kept.add(f);
            }
            seen.addAll(inFile);
        }
        if (!toRewrite.isEmpty()) {
            kept.addAll(new FileRewrite(lake, table).withoutKeys(toRewrite));
            leftOut.addAll(toRewrite.keySet());
        }
        return kept;
    }

    private List<Action> adds(List<DataFile> files) {
        List<Action> adds = new ArrayList<>(files.size());
        for (DataFile f : files) {
            adds.add(f.addFile(table.partitionColumns()));
        }
        return adds;
    }

    private Metadata newTableMetadata() {
        return new Metadata(Metadata.$lessinit$greater$default$1(), null, null,
                Metadata.$lessinit$greater$default$4(), table.schema().json(),
                RowValues.array(table.partitionColumns()), Metadata.$lessinit$greater$default$7(),
                Option.apply(System.currentTimeMillis()));
    }

    private void requireSameColumns(StructType existing) {
        StructType expected = table.schema();
        boolean same = existing.size() == expected.size();
        for (int i = 0; same && i < expected.size(); i++) {
            StructField a = existing.fields()[i];
            StructField b = expected.fields()[i];
            same = a.name().equals(b.name()) && a.dataType().sameType(b.dataType());
        }
        if (!same) {
            throw new IllegalStateException("table " + table.tableName() + " has columns "
                    + existing.simpleString() + ", this version writes " + expected.simpleString());
        }
    }

    private static Duration backoff(int attempt) {
        long ceiling = Math.min(LONGEST_BACKOFF.toMillis(), FIRST_BACKOFF.toMillis() << Math.min(attempt - 1, 16));
        return Duration.ofMillis(ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1));
    }

    private void awaitBarrier() throws InterruptedException {
        String folder = System.getProperty(BARRIER);
        if (folder == null || !table.tableName().equals(System.getProperty(BARRIER_TABLE))) {
            return;
        }
        int parties = Integer.getInteger(BARRIER_PARTIES, 2);
        java.nio.file.Path dir = java.nio.file.Path.of(folder);
        try {
            Files.createDirectories(dir);
            Files.createFile(dir.resolve(table.tableName() + "." + UUID.randomUUID()));
            long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            while (System.nanoTime() < deadline) {
                try (var listing = Files.list(dir)) {
                    if (listing.filter(p -> p.getFileName().toString().startsWith(table.tableName() + "."))
                            .count() >= parties) {
                        return;
                    }
                }
                Thread.sleep(20);
            }
            LOG.warn("commit barrier {}: fewer than {} runs arrived; going on", dir, parties);
        } catch (IOException e) {
            throw new IllegalStateException("commit barrier " + dir + ": " + e.getMessage(), e);
        }
    }

    private static long rows(List<DataFile> files) {
        long n = 0;
        for (DataFile f : files) {
            n += f.keys().size();
        }
        return n;
    }
}
