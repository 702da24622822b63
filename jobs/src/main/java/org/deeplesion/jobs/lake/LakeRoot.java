package org.deeplesion.jobs.lake;

import static java.util.Objects.requireNonNull;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The check a command makes of its {@code --lake} before any work: that the lake's root is a directory it can write
 * in. Without it a wrong path is found only at the first write, after the job read its whole input, and is reported
 * by Spark and Delta as pages of stack traces.
 */
public final class LakeRoot {

    private LakeRoot() {}

    /**
     * Creates the root when it is missing and writes and deletes a probe file in it; throws {@link
     * IllegalArgumentException} naming {@code uri} when the root is a file or cannot be created or written.
     */
    public static void requireWritable(Configuration conf, String uri) {
        requireNonNull(conf, "conf");
        requireNonNull(uri, "uri");
        if (uri.isBlank()) {
            throw new IllegalArgumentException("--lake is empty");
        }
        Path root = new Path(uri);
        try {
            FileSystem fs = root.getFileSystem(conf);
            if (isFile(fs, root)) {
                throw new IllegalArgumentException("--lake " + uri + " is a file, not a lake directory");
            }
            if (!fs.mkdirs(root)) {
                throw new IllegalArgumentException("--lake " + uri + ": cannot create the directory");
            }
            // A leading underscore: Delta and Spark ignore such names, should a probe ever be left behind.
            Path probe = new Path(root, "_write-probe-" + UUID.randomUUID());
            fs.create(probe, false).close();
            fs.delete(probe, false);
        } catch (IOException e) {
            throw new IllegalArgumentException("--lake " + uri + " is not writable: " + e.getMessage(), e);
        }
    }

    private static boolean isFile(FileSystem fs, Path path) throws IOException {
        try {
            return fs.getFileStatus(path).isFile();
        } catch (FileNotFoundException e) {
            return false;
        }
    }
}
