package org.deeplesion.jobs.refresh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hadoop.conf.Configuration;
import org.deeplesion.jobs.lake.LakeLock;
import org.deeplesion.jobs.lake.LakeLock.Holder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lake lock on a real local file system: one holder at a time, and every kind of stale lock recoverable. */
class LakeLockTest {

    private static final Duration DAY = Duration.ofDays(1);
    private final Configuration conf = new Configuration();

    @TempDir
    Path dir;

    private String lake() {
        return dir.resolve("lake").toUri().toString();
    }

    @Test
    void aSecondRunIsRefusedWithAMessageNamingTheHolder() {
        try (LakeLock first = LakeLock.acquire(conf, lake(), "refresh", Holder.current("run-1"), DAY, false)) {
            assertThatThrownBy(() -> LakeLock.acquire(conf, lake(), "refresh", Holder.current("run-2"), DAY, false))
                    .isInstanceOf(LakeLock.HeldException.class)
                    .hasMessageContaining("is locked")
                    .hasMessageContaining("run run-1 of " + System.getProperty("user.name"))
                    .hasMessageContaining("pid " + ProcessHandle.current().pid())
                    .hasMessageContaining("--break-lock");
            assertThat(LakeLock.holder(conf, lake(), "refresh")).contains(first.holder());
        }
        assertThat(LakeLock.holder(conf, lake(), "refresh")).isEmpty();
    }

    @Test
    void ofManyRunsStartedAtOnceExactlyOneGetsTheLock() throws Exception {
        int runs = 8;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(runs);
        try {
            List<Future<LakeLock>> attempts = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                String runId = "run-" + i;
                Callable<LakeLock> attempt = () -> {
                    start.await();
                    try {
                        return LakeLock.acquire(conf, lake(), "refresh", Holder.current(runId), DAY, false);
                    } catch (LakeLock.HeldException refused) {
                        return null;
                    }
                };
                attempts.add(pool.submit(attempt));
            }
            start.countDown();
            List<LakeLock> won = new ArrayList<>();
            for (Future<LakeLock> f : attempts) {
                if (f.get() != null) {
                    won.add(f.get());
                }
            }
            assertThat(won).hasSize(1);
            assertThat(LakeLock.holder(conf, lake(), "refresh"))
                    .contains(won.get(0).holder());
            won.get(0).close();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aLockWhoseProcessOnThisHostIsGoneIsTakenOver() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Holder dead = new Holder("someone", Holder.current("x").host(), gone.pid(), Instant.now(), "dead-run");
        LakeLock.acquire(conf, lake(), "refresh", dead, DAY, false);

        try (LakeLock taken = LakeLock.acquire(conf, lake(), "refresh", Holder.current("next"), DAY, false)) {
            assertThat(LakeLock.holder(conf, lake(), "refresh")).contains(taken.holder());
        }
        try (var kept = Files.list(dir.resolve("lake/_locks"))) {
            assertThat(kept.map(p -> p.getFileName().toString())).anyMatch(n -> n.startsWith("refresh.broken-"));
        }
    }

    @Test
    void aLockOfAnotherHostIsRefusedUntilItExpiresOrIsBroken() {
        Holder elsewhere = new Holder("spark", "pod-on-another-node", 1, Instant.now(), "remote-run");
        LakeLock.acquire(conf, lake(), "refresh", elsewhere, DAY, false);
        assertThatThrownBy(() -> LakeLock.acquire(conf, lake(), "refresh", Holder.current("a"), DAY, false))
                .isInstanceOf(LakeLock.HeldException.class)
                .hasMessageContaining("pod-on-another-node");

        try (LakeLock broken = LakeLock.acquire(conf, lake(), "refresh", Holder.current("b"), DAY, true)) {
            assertThat(LakeLock.holder(conf, lake(), "refresh")).contains(broken.holder());
        }

        Holder old = new Holder("spark", "pod-on-another-node", 1, Instant.now().minus(Duration.ofDays(2)), "old");
        LakeLock.acquire(conf, lake(), "refresh", old, DAY, false);
        try (LakeLock expired = LakeLock.acquire(conf, lake(), "refresh", Holder.current("c"), DAY, false)) {
            assertThat(LakeLock.holder(conf, lake(), "refresh")).contains(expired.holder());
        }
    }

    @Test
    void aLockFileLeftEmptyByAKilledWriterIsTakenOverOnlyOnceItIsOld() throws Exception {
        Path file = dir.resolve("lake/_locks/refresh");
        Files.createDirectories(file.getParent());
        Files.write(file, new byte[0]);
        assertThatThrownBy(() -> LakeLock.acquire(conf, lake(), "refresh", Holder.current("a"), DAY, false))
                .isInstanceOf(LakeLock.HeldException.class)
                .hasMessageContaining("unreadable lock file");

        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minusSeconds(120)));
        try (LakeLock taken = LakeLock.acquire(conf, lake(), "refresh", Holder.current("b"), DAY, false)) {
            assertThat(LakeLock.holder(conf, lake(), "refresh")).contains(taken.holder());
        }
    }

    @Test
    void closingDoesNotRemoveALockThatWasTakenOverMeanwhile() {
        LakeLock first = LakeLock.acquire(conf, lake(), "refresh", Holder.current("first"), DAY, false);
        LakeLock second = LakeLock.acquire(conf, lake(), "refresh", Holder.current("second"), DAY, true);
        first.close();
        assertThat(LakeLock.holder(conf, lake(), "refresh")).contains(second.holder());
        second.close();
        assertThat(LakeLock.holder(conf, lake(), "refresh")).isEmpty();
    }
}
