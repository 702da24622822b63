package org.deeplesion.jobs.cli;

import org.deeplesion.jobs.bench.BenchCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code deeplesion} command: one entry point, a sub-command per job. */
@Command(name = "deeplesion", mixinStandardHelpOptions = true, version = "deeplesion 0.1.0",
        description = "Turns a CT archive into a lesion detector: synthetic cohorts, ingest, mining, categorisation, "
                + "detector evaluation, scheduled refreshes, and benchmarks.",
        subcommands = {SynthCommand.class, IngestCommand.class, MineCommand.class, CategorizeCommand.class,
            TrainCommand.class, DetectCommand.class, EvaluateCommand.class, RefreshCommand.class, SqlCommand.class,
            RepairCommand.class, VacuumCommand.class,
            BenchCommand.class})
public final class DeepLesionCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        int code = run(args);
        // Under spark-submit the session must stop before the JVM exits, or the application is reported failed.
        org.apache.spark.sql.SparkSession.getActiveSession().foreach(s -> {
            s.stop();
            return null;
        });
        System.exit(code);
    }

    /** Runs the CLI and returns its exit code (for tests and for spark-submit, which must not System.exit). */
    public static int run(String... args) {
        return new CommandLine(new DeepLesionCli()).setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler(DeepLesionCli::report).execute(args);
    }

    /** A bad argument or input is reported as one line; anything else with its stack trace, for a bug report. */
    private static int report(Exception e, CommandLine command, CommandLine.ParseResult parsed) {
        String name = command.getCommandSpec().qualifiedName();
        if (e instanceof IllegalArgumentException || e instanceof java.io.IOException) {
            command.getErr().println(name + ": " + e.getMessage());
        } else {
            command.getErr().println(name + " failed:");
            e.printStackTrace(command.getErr());
        }
        return 2;
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
