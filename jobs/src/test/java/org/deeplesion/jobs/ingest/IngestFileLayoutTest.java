package org.deeplesion.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.deeplesion.dicom.DicomReader;
import org.deeplesion.dicom.Tag;
import org.deeplesion.jobs.SparkTestSession;
import org.deeplesion.jobs.TestArchives;
import org.deeplesion.jobs.lake.Lake;
import org.deeplesion.jobs.lake.LakeTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How ingest lays out the slices' Parquet files: one per study and decode task, whatever the archive's names. */
class IngestFileLayoutTest {

    private static final byte[] SECRET = "test-secret-0123456789abcdef".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    @Test
    void anArchiveWhoseFileNamesInterleaveStudiesStillGetsOneFilePerStudy() throws IOException {
        SparkSession spark = SparkTestSession.get();
        TestArchives.cohort(dir.resolve("archive"), 3, 21);
        // Exports from a PACS name files by UID or hash, so path order jumps between studies.
        Path flat = Files.createDirectories(dir.resolve("flat"));
        DicomReader headers = new DicomReader(DicomReader.Options.headersOnly());
        Map<String, String> studyByName = new TreeMap<>();
        List<Path> slices = TestArchives.ctSlices(dir.resolve("archive/dicom"));
        for (Path p : slices) {
            String name = UUID.nameUUIDFromBytes(p.toString().getBytes(StandardCharsets.UTF_8)) + ".dcm";
            Files.copy(p, flat.resolve(name));
            studyByName.put(name, headers.read(p).dataset().string(Tag.StudyInstanceUID, null));
        }
        long studies = studyByName.values().stream().distinct().count();
        int changes = 0;
        String previous = null;
        for (String study : studyByName.values()) {
            changes += study.equals(previous) ? 0 : 1;
            previous = study;
        }
        assertThat(changes).as("path order interleaves the studies").isGreaterThan((int) studies * 3);

        Lake lake = new Lake(spark, dir.resolve("lake").toUri().toString());
        // One decode task for the whole archive.
        IngestSummary summary = new IngestJob(
                        spark,
                        new IngestOptions(
                                List.of(flat.toUri().toString()), lake.root(), SECRET, false, 64L << 20, 10_000))
                .run();

        assertThat(summary.slices()).isEqualTo(slices.size());
        Map<String, Integer> filesByFolder = new HashMap<>();
        try (Stream<Path> files = Files.walk(dir.resolve("lake").resolve(LakeTable.SLICES.tableName()))) {
            files.filter(f -> f.toString().endsWith(".parquet"))
                    .forEach(
                            f -> filesByFolder.merge(f.getParent().getFileName().toString(), 1, Integer::sum));
        }
        assertThat(filesByFolder).hasSize((int) studies);
        assertThat(filesByFolder.values()).containsOnly(1);
        assertThat(lake.read(LakeTable.SLICES).orElseThrow().count()).isEqualTo(slices.size());
    }
}
