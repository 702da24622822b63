package org.deeplesion.jobs.lake;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The commit of an {@link AppendFiles}: each attempt opens a transaction, lets the subclass decide against the
 * transaction's snapshot which files to commit ({@link #apply}), and commits them. When another run commits first, it
 * waits (exponential backoff with jitter) and tries again against the new snapshot, at most {@value #MAX_ATTEMPTS}
 * times. Files written for the commit that end up outside the table are deleted once it has succeeded; when it
 * fails, every file written for it is deleted.
 */
abstract class RetryingAppend implements AppendFiles {

    private static final Logger LOG = LoggerFactory.getLogger(RetryingAppend.class);
    static final int MAX_ATTEMPTS = 8;
    static final Duration FIRST_BACKOFF = Duration.ofMillis(200);
    static final Duration LONGEST_BACKOFF = Duration.ofSeconds(10);
    /**
     * Test hook: a folder where each run, before committing to {@link #BARRIER_TABLE}, leaves a file and waits until
     * {@link #BARRIER_PARTIES} runs have, so that a test can make concurrent runs race for the same commit.
     */
    static final String BARRIER = "deeplesion.test.commit-barrier";

    static final String BARRIER_TABLE = "deeplesion.test.commit-barrier-table";
    static final String BARRIER_PARTIES = "deeplesion.test.commit-barrier-parties";

    /** Waits between attempts; tests pass one that returns at once. */
    @FunctionalInterface
    interface Sleeper {

        void sleep(Duration duration) throws InterruptedException;
    }

    private final Lake lake;
    private final LakeTable table;
    private final IntConsumer beforeCommit;
    private final Sleeper sleeper;
    private final List<DataFile> appended = new ArrayList<>();
    private boolean committed;

    /** With a callback that runs before each attempt's commit, given the attempt's number (from 1). */
    RetryingAppend(Lake lake, LakeTable table, IntConsumer beforeCommit, Sleeper sleeper) {
        this.lake = requireNonNull(lake, "lake");
        this.table = requireNonNull(table, "table");
        this.beforeCommit = requireNonNull(beforeCommit, "beforeCommit");
        this.sleeper = requireNonNull(sleeper, "sleeper");
    }

    final Lake lake() {
        return lake;
    }

    final LakeTable table() {
        return table;
    }

    /**
     * The files to commit against the transaction's snapshot, of those pending. Pending files it does not return,
     * and files it writes and later drops, it adds to {@code leftOut}.
     */
    abstract List<DataFile> apply(DeltaFormat.Transaction base, List<DataFile> pending, List<DataFile> leftOut);

    @Override
    public final AppendFiles appendFile(DataFile file) {
        requireNonNull(file, "file");
        requireNotCommitted();
        appended.add(file);
        return this;
    }

    @Override
    public final AppendResult commit() {
        requireNotCommitted();
        committed = true;
        if (appended.isEmpty()) {
            return AppendResult.NOTHING;
        }
        long rowsWritten = rows(appended);
        DeltaFormat format = new DeltaFormat(lake.spark(), table, lake.path(table));
        List<DataFile> files = List.copyOf(appended);
        List<DataFile> leftOut = new ArrayList<>();
        boolean mayBeCommitted = false;
        try {
            awaitBarrier();
            for (int attempt = 1; ; attempt++) {
                DeltaFormat.Transaction txn = format.begin();
                files = apply(txn, files, leftOut);
                if (files.isEmpty()) {
                    LOG.info(
                            "table {}: all {} rows written are in the table already; nothing to commit",
                            table.tableName(),
                            rowsWritten);
                    lake.discardQuietly(table, leftOut);
                    return new AppendResult(0, 0, rowsWritten, attempt);
                }
                beforeCommit.accept(attempt);
                try {
                    mayBeCommitted = true;
                    txn.append(files);
                } catch (DeltaFormat.ConflictException conflict) {
                    mayBeCommitted = false;
                    if (attempt == MAX_ATTEMPTS) {
                        throw new IllegalStateException(
                                "table " + table.tableName() + ": " + MAX_ATTEMPTS
                                        + " commits in a row conflicted with other runs writing the table; last: "
                                        + conflict.getMessage(),
                                conflict);
                    }
                    Duration wait = backoff(attempt);
                    LOG.warn(
                            "{}; checking again and retrying in {} ms (attempt {} of {})",
                            conflict.getMessage(),
                            wait.toMillis(),
                            attempt + 1,
                            MAX_ATTEMPTS);
                    sleeper.sleep(wait);
                    continue;
                }
                long rows = rows(files);
                if (rows < rowsWritten) {
                    LOG.info(
                            "table {}: {} of {} rows written were in the table already and were left out",
                            table.tableName(),
                            rowsWritten - rows,
                            rowsWritten);
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

    /** The wait before the attempt after {@code attempt}: between half and all of a ceiling that doubles each time. */
    static Duration backoff(int attempt) {
        long ceiling = Math.min(LONGEST_BACKOFF.toMillis(), FIRST_BACKOFF.toMillis() << Math.min(attempt - 1, 16));
        return Duration.ofMillis(ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1));
    }

    private void requireNotCommitted() {
        if (committed) {
            throw new IllegalStateException("table " + table.tableName() + ": this append was committed already");
        }
    }

    private void awaitBarrier() throws InterruptedException {
        String folder = System.getProperty(BARRIER);
        if (folder == null || !table.tableName().equals(System.getProperty(BARRIER_TABLE))) {
            return;
        }
        int parties = Integer.getInteger(BARRIER_PARTIES, 2);
        Path dir = Path.of(folder);
        try {
            Files.createDirectories(dir);
            Files.createFile(dir.resolve(table.tableName() + "." + UUID.randomUUID()));
            long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            while (System.nanoTime() < deadline) {
                try (var listing = Files.list(dir)) {
                    if (listing.filter(p -> p.getFileName().toString().startsWith(table.tableName() + "."))
                                    .count()
                            >= parties) {
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
