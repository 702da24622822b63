package org.deeplesion.jobs.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.deeplesion.ct.HounsfieldUnits;
import org.deeplesion.dicom.DicomFile;
import org.deeplesion.dicom.DicomReader;

/**
 * Header + pixel decode rate of a folder of DICOM files, on the calling thread (run it under {@code taskset -c 0}
 * for a one-core figure). Files are read once before timing so that passes run from the page cache.
 */
final class DecodeBench {

    private DecodeBench() {
    }

    static List<Path> dicomFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).filter(p -> p.getFileName().toString().endsWith(".dcm")).sorted()
                    .toList();
        }
    }

    static Timing.Rate run(List<Path> files, int passes) throws Exception {
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no .dcm files to decode");
        }
        for (Path f : files) {
            Files.readAllBytes(f);
        }
        DicomReader reader = new DicomReader();
        return Timing.measure(2, passes, () -> {
            long checksum = 0;
            for (Path f : files) {
                DicomFile file = reader.read(f);
                short[] hu = HounsfieldUnits.of(file, 0);
                checksum += hu[hu.length / 2];
            }
            if (checksum == Long.MIN_VALUE) {
                throw new IllegalStateException("unreachable; keeps the decode from being optimised away");
            }
            return files.size();
        });
    }
}
