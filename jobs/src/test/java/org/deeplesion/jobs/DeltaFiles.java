package org.deeplesion.jobs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** What a Delta table's folder holds, read while a writer in another JVM may be changing it. */
public final class DeltaFiles {

    private DeltaFiles() {}

    /**
     * Whether the table's folder holds a Parquet file that no commit names yet: a writer is between writing its
     * files and committing them. False while the folder does not exist, and when a file vanished under the walk.
     */
    public static boolean hasUncommittedDataFiles(Path table) {
        if (!Files.isDirectory(table)) {
            return false;
        }
        // The files first, then the commits: a commit landing in between makes its files committed, not pending.
        // The log's own checkpoints are Parquet files too, named by no commit.
        Path log = table.resolve("_delta_log");
        try (Stream<Path> files = Files.walk(table)) {
            List<String> parquet = files.filter(p -> !p.startsWith(log))
                    .map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".parquet"))
                    .toList();
            String commits = commits(log);
            return parquet.stream().anyMatch(n -> !commits.contains(n));
        } catch (IOException | UncheckedIOException raced) {
            return false;
        }
    }

    private static String commits(Path log) throws IOException {
        if (!Files.isDirectory(log)) {
            return "";
        }
        StringBuilder commits = new StringBuilder();
        try (Stream<Path> entries = Files.list(log)) {
            for (Path p : entries.filter(p -> p.toString().endsWith(".json")).toList()) {
                commits.append(Files.readString(p));
            }
        }
        return commits.toString();
    }
}
