package org.deeplesion.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.util.CollectionAccumulator;
import org.apache.spark.util.LongAccumulator;
import org.deeplesion.jobs.TestArchives;
import org.deeplesion.jobs.lake.Reject;
import org.deeplesion.jobs.spark.HadoopConf;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The per-file passes tell a malformed file from a bug: the first is a reject and the task goes on, the second
 * fails the task. The bug here is a Hadoop configuration that did not reach the task (null).
 */
class PassFailureTest {

    private static final byte[] SECRET = "test-secret-0123456789abcdef".getBytes(StandardCharsets.UTF_8);

    @TempDir
    static Path dir;

    private static SourceFile slice;
    private static SourceFile garbage;

    @BeforeAll
    static void files() throws IOException {
        TestArchives.cohort(dir.resolve("archive"), 1, 5);
        slice = listed(TestArchives.ctSlices(dir.resolve("archive/dicom")).get(0));
        Path bytes = Files.write(dir.resolve("garbage.dcm"), new byte[200]);
        garbage = listed(bytes);
    }

    private static SourceFile listed(Path file) throws IOException {
        return new SourceFile(
                file.toUri().toString(),
                Files.size(file),
                Files.getLastModifiedTime(file).toMillis());
    }

    private static HeaderPass headerPass(Configuration conf) {
        return new HeaderPass(new HadoopConf(conf), SECRET, false, 64L << 20, new LongAccumulator());
    }

    private static <T> List<T> all(Iterator<T> out) {
        List<T> list = new ArrayList<>();
        out.forEachRemaining(list::add);
        return list;
    }

    @Test
    void theHeaderPassRejectsAMalformedFile() {
        List<Header> headers =
                all(headerPass(new Configuration()).call(List.of(garbage).iterator()));

        assertThat(headers).singleElement().isInstanceOf(Header.Rejected.class);
    }

    @Test
    void aBugInTheHeaderPassFailsTheTaskRatherThanRejectingTheFile() {
        Iterator<Header> headers = headerPass(null).call(List.of(slice).iterator());

        assertThatThrownBy(headers::hasNext).isInstanceOf(NullPointerException.class);
    }

    @Test
    void aBugInTheDecodePassFailsTheTaskRatherThanRejectingTheFile() {
        CollectionAccumulator<Reject> rejects = new CollectionAccumulator<>();
        DecodePass pass =
                new DecodePass(new HadoopConf(null), SECRET, false, 64L << 20, "run", rejects, new LongAccumulator());
        SelectedFile selected = new SelectedFile(slice, List.<int[]>of(new int[] {0, 0}), 1.0);

        assertThatThrownBy(() -> pass.call(List.of(selected).iterator()).hasNext())
                .isInstanceOf(NullPointerException.class);
        assertThat(rejects.value()).isEmpty();
    }
}
