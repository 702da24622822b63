package org.deeplesion.jobs.ingest;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

/**
 * Lists the files under input URIs on any Hadoop file system, recursively, skipping hidden entries (names starting
 * with "." or "_", such as .DS_Store or _SUCCESS).
 */
final class ArchiveListing {

    private ArchiveListing() {}

    static List<SourceFile> list(Configuration conf, List<String> inputs) {
        List<SourceFile> files = new ArrayList<>();
        for (String input : inputs) {
            Path root = new Path(input);
            try {
                FileSystem fs = root.getFileSystem(conf);
                if ("file".equals(fs.getScheme())) {
                    walk(fs, fs.getFileStatus(root), files);
                } else {
                    // Object stores list a whole prefix in a few requests; a tree walk would cost one per folder.
                    RemoteIterator<LocatedFileStatus> it = fs.listFiles(root, true);
                    while (it.hasNext()) {
                        LocatedFileStatus status = it.next();
                        if (!hidden(root, status.getPath())) {
                            files.add(new SourceFile(
                                    status.getPath().toString(), status.getLen(), status.getModificationTime()));
                        }
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

    /**
     * Depth-first over plain listings. Not {@code FileSystem.listFiles}: its located statuses read each file's
     * permissions, which the local file system does by forking a shell per file (minutes for a large export).
     */
    private static void walk(FileSystem fs, FileStatus status, List<SourceFile> out) throws IOException {
        if (!status.isDirectory()) {
            out.add(new SourceFile(status.getPath().toString(), status.getLen(), status.getModificationTime()));
            return;
        }
        RemoteIterator<FileStatus> it = fs.listStatusIterator(status.getPath());
        while (it.hasNext()) {
            FileStatus child = it.next();
            String name = child.getPath().getName();
            if (!name.startsWith(".") && !name.startsWith("_")) {
                walk(fs, child, out);
            }
        }
    }

    /** Whether a path below the input root passes through a hidden file or folder. */
    private static boolean hidden(Path root, Path file) {
        for (Path p = file; p != null && !p.equals(root) && p.getParent() != null; p = p.getParent()) {
            if (p.getName().startsWith(".") || p.getName().startsWith("_")) {
                return true;
            }
        }
        return false;
    }
}
