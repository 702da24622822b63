package org.deeplesion.jobs.cli;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.deeplesion.dicom.TransferSyntax;
import org.deeplesion.synth.CohortGenerator;
import org.deeplesion.synth.CohortSpec;
import org.deeplesion.synth.CohortSummary;
import org.deeplesion.synth.OutputFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "synth",
        mixinStandardHelpOptions = true,
        description = "Write a synthetic CT cohort with RECIST bookmarks and a truth file (no patient data needed).")
final class SynthCommand implements Callable<Integer> {

    /** Pixel encodings the generator writes, by their short names. */
    enum Encoding {
        EXPLICIT(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN),
        JPEG_LOSSLESS(TransferSyntax.JPEG_LOSSLESS_SV1),
        RLE(TransferSyntax.RLE_LOSSLESS);

        final TransferSyntax syntax;

        Encoding(TransferSyntax syntax) {
            this.syntax = syntax;
        }
    }

    @Option(names = "--patients", defaultValue = "4", description = "Default: ${DEFAULT-VALUE}.")
    int patients;

    @Option(names = "--seed", defaultValue = "1", description = "Same seed, same bytes. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--out", required = true, description = "Output folder.")
    Path out;

    @Option(
            names = "--format",
            split = ",",
            defaultValue = "dicom",
            description = "dicom and/or deeplesion (the public release's PNG + DL_info.csv layout).")
    List<OutputFormat> formats;

    @Option(names = "--size", defaultValue = "512", description = "Rows and columns. Default: ${DEFAULT-VALUE}.")
    int size;

    @Option(
            names = "--slices",
            defaultValue = "24..48",
            description = "Slices per series, MIN..MAX. Default: ${DEFAULT-VALUE}.")
    String slices;

    @Option(
            names = "--spacing",
            defaultValue = "0.6..0.95",
            description = "In-plane pixel spacing in mm, MIN..MAX; within it each series gets a field of view that "
                    + "fits the body where it can. With --size 128, 2.9..3.3 gives small images of whole bodies. "
                    + "Default: ${DEFAULT-VALUE}.")
    String spacing;

    @Option(
            names = "--unbookmarked",
            defaultValue = "0.2",
            description = "Share of lesions left without a RECIST bookmark. Default: ${DEFAULT-VALUE}.")
    double unbookmarked;

    @Option(
            names = "--encoding",
            defaultValue = "explicit",
            description = "explicit, jpeg_lossless or rle. Default: ${DEFAULT-VALUE}.")
    Encoding encoding;

    @Override
    public Integer call() throws Exception {
        int[] range = RangeOption.ints("--slices", slices, "24..48");
        double[] mm = RangeOption.doubles("--spacing", spacing, "0.6..0.95");
        CohortSpec spec = CohortSpec.defaults(patients, seed)
                .withImageSize(size, size)
                .withSlicesPerSeries(range[0], range[1])
                .withPixelSpacingMm(mm[0], mm[1])
                .withUnbookmarkedShare(unbookmarked)
                .withTransferSyntax(encoding.syntax);
        long t0 = System.nanoTime();
        CohortSummary summary = CohortGenerator.generate(spec, out, EnumSet.copyOf(formats));
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf(
                Locale.ROOT,
                "synth: %d patients, %d studies, %d slices, %d lesions (%d bookmarked) "
                        + "in %s in %.1f s (%.0f slices/s)%n",
                summary.patients(),
                summary.studies(),
                summary.slices(),
                summary.lesions(),
                summary.bookmarkedLesions(),
                out,
                seconds,
                summary.slices() / seconds);
        return 0;
    }
}
