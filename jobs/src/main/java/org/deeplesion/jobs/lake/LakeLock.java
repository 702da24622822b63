package org.deeplesion.jobs.lake;

import static java.util.Objects.requireNonNull;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A lock file in the lake, {@code _locks/<name>}, so that two runs of a job never write the same lake at once. It
 * holds who took it (user, host, pid, start, run id) so that a refusal can say who holds it and a dead holder can be
 * recognised.
 *
 * <p>The file is created exclusively: on HDFS {@code create(path, overwrite=false)} is atomic; on local disks Hadoop
 * checks and then creates, so there the file is created with {@code O_CREAT|O_EXCL} instead. S3A has no exclusive
 * create (Hadoop 3.3 checks first), so on S3 the scheduler must not start two runs (Kubernetes {@code
 * concurrencyPolicy: Forbid}); the lock still stops a second run started by hand in all but a narrow race.
 *
 * <p>A lock is stale, and taken over with a warning, when its holder ran on this host and that process is gone,
 * when it is older than the expiry, or when it was never written completely. Otherwise {@code breakLock} takes it
 * over; that is for an operator who knows the holder is dead (a pod on another node that was killed).
 */
public final class LakeLock implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LakeLock.class);
    /** Writing a lock takes milliseconds: an unreadable one this old was left by a process killed while writing. */
    private static final Duration UNWRITTEN_GRACE = Duration.ofMinutes(1);

    /** Who holds a lock. */
    public record Holder(String user, String host, long pid, Instant started, String runId) {

        public Holder {
            requireNonNull(user, "user");
            requireNonNull(host, "host");
            requireNonNull(started, "started");
            requireNonNull(runId, "runId");
        }

        /** The holder this process would be for a run. */
        public static Holder current(String runId) {
            return new Holder(
                    System.getProperty("user.name", "unknown"),
                    localHost(),
                    ProcessHandle.current().pid(),
                    Instant.now(),
                    runId);
        }

        byte[] bytes() {
            return String.join(
                            "\n",
                            "user=" + user,
                            "host=" + host,
                            "pid=" + pid,
                            "started=" + started,
                            "run_id=" + runId,
                            "")
                    .getBytes(StandardCharsets.UTF_8);
        }

        static Optional<Holder> parse(String text) {
            Properties p = new Properties();
            try {
                p.load(new StringReader(text));
                return Optional.of(new Holder(
                        p.getProperty("user"),
                        p.getProperty("host"),
                        Long.parseLong(p.getProperty("pid")),
                        Instant.parse(p.getProperty("started")),
                        p.getProperty("run_id")));
            } catch (IOException | NullPointerException | NumberFormatException | DateTimeParseException e) {
                return Optional.empty();
            }
        }

        @Override
        public String toString() {
            return "run " + runId + " of " + user + " on " + host + " (pid " + pid + ") since " + started;
        }
    }

    /** Thrown when another run holds the lock: nothing has been written. */
    public static final class HeldException extends IllegalStateException {

        private static final long serialVersionUID = 1L;

        HeldException(String message) {
            super(message);
        }
    }

    private final FileSystem fs;
    private final Path path;
    private final Holder holder;

    private LakeLock(FileSystem fs, Path path, Holder holder) {
        this.fs = fs;
        this.path = path;
        this.holder = holder;
    }

    /**
     * Takes the lock {@code name} of the lake at {@code lakeRoot} for {@code holder}, or throws {@link HeldException}
     * naming the current holder.
     */
    public static LakeLock acquire(
            Configuration conf, String lakeRoot, String name, Holder holder, Duration expiry, boolean breakLock) {
        Path path = path(lakeRoot, name);
        try {
            FileSystem fs = path.getFileSystem(conf);
            fs.mkdirs(path.getParent());
            // Two attempts: the second follows taking a stale lock away, and fails if another run was quicker.
            for (int attempt = 0; attempt < 2; attempt++) {
                if (createExclusively(fs, path, holder.bytes())) {
                    return new LakeLock(fs, path, holder);
                }
                Optional<String> file = readIfPresent(fs, path);
                if (file.isEmpty()) {
                    continue;
                }
                Optional<Holder> other = Holder.parse(file.get());
                String stale = other.map(o -> staleness(o, expiry))
                        .orElseGet(() -> unwrittenFor(fs, path) ? "it was never written completely" : null);
                String who = other.map(Holder::toString).orElse("an unreadable lock file, perhaps still being written");
                if (stale == null && !breakLock) {
                    throw new HeldException("lake " + lakeRoot + " is locked (" + path + ") by " + who + ": another "
                            + name + " is running. If it is not (its process died on another machine), run again "
                            + "with --break-lock; locks older than " + hours(expiry) + " expire on their own");
                }
                Path broken = path.suffix(".broken-" + Instant.now().toEpochMilli());
                LOG.warn(
                        "taking over the {} lock of {} held by {}: {}; the old lock is kept as {}",
                        name,
                        lakeRoot,
                        who,
                        stale == null ? "--break-lock was given" : stale,
                        broken);
                renameIfPresent(fs, path, broken);
            }
            throw new HeldException("lake " + lakeRoot + ": another " + name + " took the lock " + path
                    + " while this one was taking over a stale lock; it is running");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot take the lock " + path + ": " + e.getMessage(), e);
        }
    }

    /** The current holder of a lake's lock, if any. */
    public static Optional<Holder> holder(Configuration conf, String lakeRoot, String name) {
        Path path = path(lakeRoot, name);
        try {
            return readIfPresent(path.getFileSystem(conf), path).flatMap(Holder::parse);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the lock " + path + ": " + e.getMessage(), e);
        }
    }

    public Holder holder() {
        return holder;
    }

    /** Removes the lock file if it is still this run's (an operator may have broken it meanwhile). */
    @Override
    public void close() {
        try {
            Optional<Holder> now = readIfPresent(fs, path).flatMap(Holder::parse);
            if (now.isPresent() && now.get().runId().equals(holder.runId())) {
                fs.delete(path, false);
            } else {
                LOG.warn(
                        "the lock {} was taken away from {} while it ran; now held by {}",
                        path,
                        holder,
                        now.map(Holder::toString).orElse("nobody"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot release the lock " + path + ": " + e.getMessage(), e);
        }
    }

    private static Path path(String lakeRoot, String name) {
        String root = lakeRoot.endsWith("/") ? lakeRoot.substring(0, lakeRoot.length() - 1) : lakeRoot;
        return new Path(root + "/_locks/" + name);
    }

    /** Why a holder's lock is stale, or null while it may still be running. */
    private static String staleness(Holder h, Duration expiry) {
        Duration age = Duration.between(h.started(), Instant.now());
        if (age.compareTo(expiry) > 0) {
            return "it is " + hours(age) + " old, older than the expiry " + hours(expiry);
        }
        if (h.host().equals(localHost())
                && ProcessHandle.of(h.pid()).map(p -> !p.isAlive()).orElse(true)) {
            return "its process " + h.pid() + " on this host is gone";
        }
        return null;
    }

    private static String hours(Duration d) {
        return String.format(Locale.ROOT, "%.1f h", d.toMinutes() / 60.0);
    }

    private static boolean unwrittenFor(FileSystem fs, Path path) {
        try {
            long modified = fs.getFileStatus(path).getModificationTime();
            return Instant.now().toEpochMilli() - modified > UNWRITTEN_GRACE.toMillis();
        } catch (IOException gone) {
            return false;
        }
    }

    private static boolean createExclusively(FileSystem fs, Path path, byte[] content) throws IOException {
        if (fs instanceof LocalFileSystem local) {
            try (OutputStream out = Files.newOutputStream(
                    local.pathToFile(path).toPath(), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                out.write(content);
                return true;
            } catch (FileAlreadyExistsException held) {
                return false;
            }
        }
        try (OutputStream out = fs.create(path, false)) {
            out.write(content);
            return true;
        } catch (org.apache.hadoop.fs.FileAlreadyExistsException held) {
            return false;
        }
    }

    private static Optional<String> readIfPresent(FileSystem fs, Path path) throws IOException {
        try (InputStream in = fs.open(path)) {
            return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (FileNotFoundException gone) {
            return Optional.empty();
        }
    }

    private static void renameIfPresent(FileSystem fs, Path from, Path to) throws IOException {
        try {
            fs.rename(from, to);
        } catch (FileNotFoundException alreadyTaken) {
            LOG.debug("{} was taken away by another run first", from);
        }
    }

    private static String localHost() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return Optional.ofNullable(System.getenv("HOSTNAME")).orElse("unknown");
        }
    }
}
