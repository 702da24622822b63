package org.deeplesion.jobs.bench;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Benchmarks behind the figures the README reports; each prints one line per figure. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure throughput figures (run under 'taskset -c 0' for one-core numbers).",
        subcommands = {BenchCommand.Decode.class})
public final class BenchCommand implements Runnable {

    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    @Command(name = "decode", mixinStandardHelpOptions = true,
            description = "Header + pixel decode of the .dcm files under a folder, from the page cache.")
    static final class Decode implements Callable<Integer> {
        @Option(names = "--dir", required = true)
        Path dir;

        @Option(names = "--passes", defaultValue = "5")
        int passes;

        @Override
        public Integer call() throws Exception {
            var files = DecodeBench.dicomFiles(dir);
            System.out.println("decode " + dir + ": " + DecodeBench.run(files, passes).describe("slices"));
            return 0;
        }
    }
}
