package org.deeplesion.jobs.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.deeplesion.jobs.spark.Sessions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Benchmarks behind the figures the README reports; each prints one line per figure. */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = "Measure throughput figures (run under 'taskset -c 0' for one-core numbers).",
        subcommands = {
            BenchCommand.Decode.class,
            BenchCommand.Synth.class,
            BenchCommand.Jpeg.class,
            BenchCommand.Embed.class,
            BenchCommand.Kmeans.class,
            BenchCommand.Detector.class
        })
public final class BenchCommand implements Runnable {

    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    @Command(
            name = "decode",
            mixinStandardHelpOptions = true,
            description = "Header + pixel decode of the .dcm files under a folder, from the page cache.")
    static final class Decode implements Callable<Integer> {
        @Option(names = "--dir", required = true)
        Path dir;

        @Option(names = "--passes", defaultValue = "5")
        int passes;

        @Override
        public Integer call() throws Exception {
            var files = DecodeBench.ctFiles(dir);
            System.out.println(
                    "decode " + dir + ": " + DecodeBench.run(files, passes).describe("slices"));
            return 0;
        }
    }

    @Command(
            name = "synth",
            mixinStandardHelpOptions = true,
            description = "Synthetic cohort generator: 512x512 DICOM slices written per second.")
    static final class Synth implements Callable<Integer> {
        @Option(names = "--passes", defaultValue = "3")
        int passes;

        @Override
        public Integer call() throws Exception {
            System.out.println("synth: "
                    + Scratch.use("deeplesion-bench-synth", s -> SynthBench.run(s, passes))
                            .describe("slices"));
            return 0;
        }
    }

    @Command(
            name = "jpeg",
            mixinStandardHelpOptions = true,
            description = "JPEG Lossless decode, ours against dcmtk's dcmdjpeg on the same files.")
    static final class Jpeg implements Callable<Integer> {
        @Option(names = "--passes", defaultValue = "5")
        int passes;

        @Override
        public Integer call() throws Exception {
            String line = Scratch.use("deeplesion-bench-jpeg", s -> JpegBench.run(s, passes));
            System.out.println(line);
            return 0;
        }
    }

    @Command(
            name = "embed",
            mixinStandardHelpOptions = true,
            description = "Lesion embedding on Spark executors (default crops, random network): lesions per second.")
    static final class Embed implements Callable<Integer> {
        @Option(names = "--lesions", defaultValue = "2000")
        int lesions;

        @Option(names = "--passes", defaultValue = "3")
        int passes;

        @Override
        public Integer call() throws Exception {
            System.out.println(
                    CategorizeBench.embed(Sessions.createForDeepLearning("deeplesion-bench"), lesions, passes));
            return 0;
        }
    }

    @Command(
            name = "kmeans",
            mixinStandardHelpOptions = true,
            description = "MLlib k-means as categorize runs it, over synthetic embeddings: seconds per size.")
    static final class Kmeans implements Callable<Integer> {
        @Option(names = "--points", defaultValue = "20000,100000", split = ",")
        List<Integer> points;

        @Option(names = "--dimensions", defaultValue = "256")
        int dimensions;

        @Option(names = "--k", defaultValue = "8")
        int k;

        @Override
        public Integer call() {
            var spark = Sessions.create("deeplesion-bench");
            // A first, unreported run pays for JIT and MLlib's start-up, so that sizes compare fairly.
            CategorizeBench.kmeans(spark, points.get(0), dimensions, k, 2);
            for (int n : points) {
                System.out.println(CategorizeBench.kmeans(spark, n, dimensions, k, 1));
            }
            return 0;
        }
    }

    @Command(
            name = "detector",
            mixinStandardHelpOptions = true,
            description = "Proposal network speed in one JVM on the jar's ND4J backend (CPU, or CUDA with -Pcuda): "
                    + "training patches/s and whole-slice proposals/s.")
    static final class Detector implements Callable<Integer> {
        @Option(names = "--steps", defaultValue = "20")
        int steps;

        @Option(names = "--batch", defaultValue = "16")
        int batch;

        @Option(names = "--require-gpu", description = "Fail unless the backend is CUDA with a device.")
        boolean requireGpu;

        @Override
        public Integer call() {
            System.out.println(DetectorBench.run(steps, batch, requireGpu));
            return 0;
        }
    }
}
