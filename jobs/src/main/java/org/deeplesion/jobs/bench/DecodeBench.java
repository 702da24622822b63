package org.deeplesion.jobs.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.deeplesion.ct.HounsfieldUnits;
import org.deeplesion.dicom.DicomFile;
import org.deeplesion.dicom.DicomReader;
import org.deeplesion.dicom.SopClass;

/**
 * Header + pixel decode rate of a folder of DICOM files, on the calling thread (run it under {@code taskset -c 0}
 * for a one-core figure). Files are read once before timing so that passes run from the page cache.
 */
final class DecodeBench {

    private DecodeBench() {}

    /** The CT Image Storage files under a folder (presentation states and other objects left out). */
    static List<Path> ctFiles(Path dir) throws IOException {
        DicomReader headers = new DicomReader(DicomReader.Options.headersOnly());
        List<Path> out = new ArrayList<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
                if (SopClass.CT_IMAGE.equals(headers.read(p).sopClassUid())) {
                    out.add(p);
                }
            }
        }
        return out;
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
