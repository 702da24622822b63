package org.deeplesion.jobs.mine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.deeplesion.jobs.spark.HadoopConf;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The presentation-state pass tells a malformed file (a reject) from a bug (the task fails). */
class GspsPassTest {

    @TempDir
    Path dir;

    @Test
    void aFileThatIsNotDicomIsAProblemNamingIt() throws IOException {
        String source =
                Files.write(dir.resolve("garbage.dcm"), new byte[200]).toUri().toString();
        List<GspsFinding> found = new ArrayList<>();

        new GspsPass(new HadoopConf(new Configuration()), Map.of(), null)
                .call(List.of(source).iterator())
                .forEachRemaining(found::add);

        assertThat(found).singleElement().satisfies(f -> {
            assertThat(f.isProblem()).isTrue();
            assertThat(f.reject().source()).isEqualTo(source);
            assertThat(f.reject().reason()).contains("garbage.dcm");
        });
    }

    @Test
    void aBugFailsTheTaskRatherThanRejectingTheFile() throws IOException {
        String source =
                Files.write(dir.resolve("any.dcm"), new byte[200]).toUri().toString();
        GspsPass pass = new GspsPass(new HadoopConf(null), Map.of(), null);

        assertThatThrownBy(() -> pass.call(List.of(source).iterator())).isInstanceOf(NullPointerException.class);
    }
}
