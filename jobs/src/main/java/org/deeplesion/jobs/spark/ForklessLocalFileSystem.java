package org.deeplesion.jobs.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsAction;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * Hadoop's local file system, setting permissions through java.nio instead of forking {@code chmod}. Without
 * Hadoop's native library (not shipped for every platform) the stock implementation forks a shell for every file
 * and folder a job creates, which a large JVM pays for in page-table copies: the lake's writes spent more time
 * forking than compressing. Checksums, listing and everything else are the stock behaviour.
 */
public final class ForklessLocalFileSystem extends LocalFileSystem {

    public ForklessLocalFileSystem() {
        super(new Raw());
    }

    /** The raw layer with permission changes done in-process. */
    static final class Raw extends RawLocalFileSystem {

        @Override
        public void setPermission(Path p, FsPermission permission) throws IOException {
            Files.setPosixFilePermissions(pathToFile(p).toPath(), posix(permission));
        }

        private static Set<PosixFilePermission> posix(FsPermission permission) {
            Set<PosixFilePermission> out = EnumSet.noneOf(PosixFilePermission.class);
            add(
                    out,
                    permission.getUserAction(),
                    PosixFilePermission.OWNER_READ,
                    PosixFilePermission.OWNER_WRITE,
                    PosixFilePermission.OWNER_EXECUTE);
            add(
                    out,
                    permission.getGroupAction(),
                    PosixFilePermission.GROUP_READ,
                    PosixFilePermission.GROUP_WRITE,
                    PosixFilePermission.GROUP_EXECUTE);
            add(
                    out,
                    permission.getOtherAction(),
                    PosixFilePermission.OTHERS_READ,
                    PosixFilePermission.OTHERS_WRITE,
                    PosixFilePermission.OTHERS_EXECUTE);
            return out;
        }

        private static void add(
                Set<PosixFilePermission> out,
                FsAction action,
                PosixFilePermission read,
                PosixFilePermission write,
                PosixFilePermission execute) {
            if (action.implies(FsAction.READ)) {
                out.add(read);
            }
            if (action.implies(FsAction.WRITE)) {
                out.add(write);
            }
            if (action.implies(FsAction.EXECUTE)) {
                out.add(execute);
            }
        }
    }
}
