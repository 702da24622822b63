package org.deeplesion.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.deeplesion.jobs.SparkTestSession;
import org.deeplesion.jobs.TestArchives;
import org.deeplesion.jobs.lake.Lake;
import org.deeplesion.jobs.lake.LakeTable;
import org.deeplesion.jobs.mine.MineJob;
import org.deeplesion.jobs.mine.MineOptions;
import org.deeplesion.synth.CohortTruth;
import org.deeplesion.synth.LesionTruth;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --replace-uids: no original UID reaches the lake, references still join, and mining maps them back. */
class IngestReplaceUidsTest {

    private static final byte[] SECRET = "replace-uids-secret-0123456789".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    @Test
    void replacedUidsAreConsistentAcrossSlicesObjectsAndLesions() throws Exception {
        SparkSession spark = SparkTestSession.get();
        CohortTruth truth = TestArchives.cohort(dir.resolve("archive"), 2, 51);
        Lake lake = new Lake(spark, dir.resolve("lake").toUri().toString());
        new IngestJob(
                        spark,
                        new IngestOptions(
                                List.of(dir.resolve("archive/dicom").toUri().toString()),
                                lake.root(),
                                SECRET,
                                true,
                                64L << 20,
                                8))
                .run();

        Set<String> original = new HashSet<>();
        truth.patients()
                .forEach(p -> p.studies().forEach(s -> {
                    original.add(s.studyInstanceUid());
                    s.series().forEach(series -> {
                        original.add(series.seriesInstanceUid());
                        original.addAll(series.sopInstanceUids());
                    });
                }));
        List<Row> slices = lake.read(LakeTable.SLICES)
                .orElseThrow()
                .select("study_uid", "series_uid", "sop_instance_uid")
                .collectAsList();
        Set<String> sliceSops = new HashSet<>();
        for (Row r : slices) {
            for (int i = 0; i < 3; i++) {
                assertThat(r.getString(i)).startsWith("2.25.").isNotIn(original);
            }
            sliceSops.add(r.getString(2));
        }
        for (Row r : lake.read(LakeTable.OBJECTS).orElseThrow().collectAsList()) {
            assertThat(sliceSops).containsAll(r.getList(r.fieldIndex("referenced_sop_instance_uids")));
        }

        MineJob mine = new MineJob(spark, new MineOptions(lake.root(), null, null, 1, 0.7, 0.15, SECRET));
        long bookmarked =
                truth.lesions().stream().filter(LesionTruth::bookmarked).count();
        assertThat(mine.run().lesions()).isEqualTo(bookmarked);
    }
}
