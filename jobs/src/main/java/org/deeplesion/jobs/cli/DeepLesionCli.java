package org.deeplesion.jobs.cli;

import java.io.PrintWriter;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.deeplesion.jobs.bench.BenchCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The {@code deeplesion} command: one entry point, a sub-command per job. */
@Command(
        name = "deeplesion",
        mixinStandardHelpOptions = true,
        version = "deeplesion 0.1.0",
        description = "Turns a CT archive into a lesion detector: synthetic cohorts, ingest, mining, categorisation, "
                + "detector evaluation, scheduled refreshes, and benchmarks.",
        subcommands = {
            SynthCommand.class,
            IngestCommand.class,
            MineCommand.class,
            CategorizeCommand.class,
            TrainCommand.class,
            ExperimentCommand.class,
            DetectCommand.class,
            EvaluateCommand.class,
            RefreshCommand.class,
            SqlCommand.class,
            RepairCommand.class,
            VacuumCommand.class,
            HarvestCommand.class,
            BenchCommand.class
        })
public final class DeepLesionCli implements Runnable {

    private static final String CONSOLE_PROGRESS = "spark.ui.showConsoleProgress";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--verbose",
            scope = ScopeType.INHERIT,
            description = "With an error, print its stack trace too; show Spark's stage progress bars.")
    boolean verbose;

    public static void main(String[] args) {
        int code = run(args);
        // Under spark-submit the session must stop before the JVM exits, or the application is reported failed.
        SparkSession.getActiveSession().foreach(s -> {
            s.stop();
            return null;
        });
        if (code == 0 && inYarnApplicationMaster()) {
            // There main runs in a thread of YARN's application master, which reports the application by how that
            // thread ends: System.exit, even with 0, reads as a failure ("Shutdown hook called before final status
            // was reported") and starts a second attempt.
            return;
        }
        System.exit(code);
    }

    private static boolean inYarnApplicationMaster() {
        SparkConf conf = new SparkConf(true);
        return conf.get("spark.master", "").startsWith("yarn")
                && conf.get("spark.submit.deployMode", "client").equals("cluster");
    }

    /** Runs the CLI and returns its exit code (for tests and for spark-submit, which must not System.exit). */
    public static int run(String... args) {
        DeepLesionCli cli = new DeepLesionCli();
        return new CommandLine(cli)
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionStrategy(parsed -> {
                    cli.showConsoleProgress();
                    return new CommandLine.RunLast().execute(parsed);
                })
                .setExecutionExceptionHandler(cli::report)
                .execute(args);
    }

    /**
     * Spark's stage bars interleave with the log on the console and mean little to someone who is not debugging, so
     * they come with {@code --verbose}; an explicit {@code spark.ui.showConsoleProgress} (--conf, -D) still wins.
     */
    private void showConsoleProgress() {
        if (verbose && System.getProperty(CONSOLE_PROGRESS) == null) {
            System.setProperty(CONSOLE_PROGRESS, "true");
        }
    }

    /**
     * A mistake in the arguments or the input is one line naming it, exit code 2, since the person running the
     * command can fix it; anything else is a bug and comes with its stack trace, exit code 1, for a bug report.
     */
    private int report(Exception e, CommandLine command, CommandLine.ParseResult parsed) {
        String name = command.getCommandSpec().qualifiedName();
        PrintWriter err = command.getErr();
        if (!UserErrors.isUserError(e)) {
            err.println(name + " failed:");
            e.printStackTrace(err);
            err.flush();
            return CommandLine.ExitCode.SOFTWARE;
        }
        err.println(name + ": " + UserErrors.line(e));
        if (verbose) {
            e.printStackTrace(err);
        }
        err.flush();
        return CommandLine.ExitCode.USAGE;
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
