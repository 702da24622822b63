package org.deeplesion.jobs.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import org.deeplesion.dicom.TransferSyntax;
import org.deeplesion.synth.CohortGenerator;
import org.deeplesion.synth.CohortSpec;
import org.deeplesion.synth.OutputFormat;

/**
 * JPEG Lossless decode: our reader and codec against dcmtk's {@code dcmdjpeg} on the same 512x512 files. dcmdjpeg
 * runs once per file, so its figure includes process start-up, which is reported separately (dcmdjpeg on an
 * uncompressed file decodes nothing) so the comparison can be read both ways.
 */
final class JpegBench {

    private JpegBench() {}

    static String run(Path scratch, int passes) throws Exception {
        CohortSpec spec = CohortSpec.defaults(1, 9)
                .withStudiesPerPatient(1, 1)
                .withSlicesPerSeries(100, 100)
                .withTransferSyntax(TransferSyntax.JPEG_LOSSLESS_SV1);
        CohortGenerator.generate(spec, scratch, EnumSet.of(OutputFormat.DICOM));
        List<Path> files = DecodeBench.ctFiles(scratch.resolve("dicom"));
        Timing.Rate ours = DecodeBench.run(files, passes);
        double oursMs = 1000.0 / ours.median();

        Path out = Files.createDirectories(scratch.resolve("dcmdjpeg"));
        dcmdjpeg(files.subList(0, 5), out);
        long t0 = System.nanoTime();
        dcmdjpeg(files, out);
        double theirsMs = (System.nanoTime() - t0) / 1e6 / files.size();
        List<Path> decoded = DecodeBench.ctFiles(out).subList(0, 20);
        long t1 = System.nanoTime();
        dcmdjpeg(decoded, Files.createDirectories(scratch.resolve("startup")));
        double startupMs = (System.nanoTime() - t1) / 1e6 / decoded.size();
        return String.format(
                Locale.ROOT,
                "jpeg-lossless %d files 512x512: ours %.2f ms/file (%s); dcmdjpeg %.2f "
                        + "ms/file incl. %.2f ms process start-up (%.2f ms without); ours/dcmdjpeg = %.2f "
                        + "(%.2f against "
                        + "dcmdjpeg without start-up)",
                files.size(),
                oursMs,
                ours.describe("slices"),
                theirsMs,
                startupMs,
                theirsMs - startupMs,
                oursMs / theirsMs,
                oursMs / (theirsMs - startupMs));
    }

    private static void dcmdjpeg(List<Path> files, Path out) throws IOException, InterruptedException {
        for (Path f : files) {
            Process p = new ProcessBuilder(
                            "dcmdjpeg",
                            f.toString(),
                            out.resolve(f.getFileName()).toString())
                    .redirectErrorStream(true)
                    .start();
            p.getInputStream().readAllBytes();
            if (p.waitFor() != 0) {
                throw new IOException("dcmdjpeg failed on " + f);
            }
        }
    }
}
