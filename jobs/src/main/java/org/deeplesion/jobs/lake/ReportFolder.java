package org.deeplesion.jobs.lake;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.OutputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** One run's report folder beside the lake's tables ({@link Lake#reports}), on whatever file system the lake is. */
public final class ReportFolder {

    private final String dir;
    private final Configuration conf;

    public ReportFolder(String dir, Configuration conf) {
        this.dir = requireNonNull(dir, "dir");
        this.conf = requireNonNull(conf, "conf");
    }

    /** The folder's URI. */
    public String dir() {
        return dir;
    }

    /** Writes a file of the report, replacing one of the same name. */
    public void write(String name, byte[] bytes) throws IOException {
        requireNonNull(name, "name");
        requireNonNull(bytes, "bytes");
        Path path = new Path(dir, name);
        FileSystem fs = path.getFileSystem(conf);
        try (OutputStream out = fs.create(path, true)) {
            out.write(bytes);
        }
    }
}
