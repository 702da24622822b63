package org.deeplesion.jobs.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import org.deeplesion.synth.CohortGenerator;
import org.deeplesion.synth.CohortSpec;
import org.deeplesion.synth.OutputFormat;

/** Generator throughput: 512x512 slices written as DICOM per second, on the calling thread. */
final class SynthBench {

    private SynthBench() {}

    static Timing.Rate run(Path scratch, int passes) throws Exception {
        CohortSpec spec = CohortSpec.defaults(2, 5).withStudiesPerPatient(1, 1).withSlicesPerSeries(60, 60);
        int[] pass = {0};
        return Timing.measure(1, passes, () -> {
            Path out = Files.createDirectories(scratch.resolve("pass-" + pass[0]++));
            return CohortGenerator.generate(spec, out, EnumSet.of(OutputFormat.DICOM))
                    .slices();
        });
    }
}
