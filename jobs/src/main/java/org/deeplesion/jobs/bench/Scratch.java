package org.deeplesion.jobs.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** A benchmark's scratch folder, removed when the benchmark ends. */
final class Scratch {

    /** Work done in a scratch folder. */
    interface Work<T> {
        T in(Path scratch) throws Exception;
    }

    private Scratch() {}

    static <T> T use(String prefix, Work<T> work) throws Exception {
        Path scratch = Files.createTempDirectory(prefix);
        try {
            return work.in(scratch);
        } finally {
            delete(scratch);
        }
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
