package org.deeplesion.jobs.lake;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.deeplesion.synth.CohortTruth;

/** A synthetic cohort's truth.json, read from any file system the lake's configuration reaches. */
public final class CohortTruthFile {

    private CohortTruthFile() {}

    public static CohortTruth read(Configuration conf, String uri) throws IOException {
        requireNonNull(conf, "conf");
        requireNonNull(uri, "uri");
        Path path = new Path(uri);
        try (InputStream in = path.getFileSystem(conf).open(path)) {
            return CohortTruth.read(in, uri);
        }
    }
}
