package org.deeplesion.jobs.ingest;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

/** Lists the files under input URIs on any Hadoop file system, recursively, skipping hidden entries. */
final class ArchiveListing {

    private ArchiveListing() {
    }

    static List<SourceFile> list(Configuration conf, List<String> inputs) {
        List<SourceFile> files = new ArrayList<>();
        for (String input : inputs) {
            Path root = new Path(input);
            try {
                FileSystem fs = root.getFileSystem(conf);
                RemoteIterator<LocatedFileStatus> it = fs.listFiles(root, true);
                while (it.hasNext()) {
                    LocatedFileStatus status = it.next();
                    if (!hidden(root, status.getPath())) {
                        files.add(new SourceFile(status.getPath().toString(), status.getLen(),
                                status.getModificationTime()));
                    }
                }
            } catch (FileNotFoundException e) {
                throw new IllegalArgumentException("input " + input + " does not exist", e);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list input " + input + ": " + e.getMessage(), e);
            }
        }
        files.sort(Comparator.comparing(SourceFile::uri));
        return files;
    }

    /** Hidden files and folders (".DS_Store", "_SUCCESS", "_delta_log") below the input root. */
    private static boolean hidden(Path root, Path file) {
        for (Path p = file; p != null && !p.equals(root) && p.getParent() != null; p = p.getParent()) {
            String name = p.getName();
            if (name.startsWith(".") || name.startsWith("_")) {
                return true;
            }
        }
        return false;
    }
}
