package org.deeplesion.jobs.cli;

import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.deeplesion.jobs.lake.LakeRoot;
import org.deeplesion.jobs.mine.MineJob;
import org.deeplesion.jobs.mine.MineOptions;
import org.deeplesion.jobs.mine.MineSummary;
import org.deeplesion.jobs.spark.Sessions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "mine",
        mixinStandardHelpOptions = true,
        description = "Turn RECIST bookmarks (presentation states, DL_info.csv, a measurement CSV) into lesions.")
final class MineCommand implements Callable<Integer> {

    @Option(names = "--lake", required = true, description = "Lake root URI.")
    String lake;

    @Option(names = "--deeplesion-csv", description = "URI of a DeepLesion DL_info.csv whose slices were ingested.")
    String deepLesionCsv;

    @Option(names = "--measurements-csv", description = "URI of a measurement export (columns in the README).")
    String measurementsCsv;

    @Mixin
    SplitArguments split;

    @Option(names = "--demo-key", description = "The built-in key, for lakes ingested with --demo-key --replace-uids.")
    boolean demoKey;

    @Override
    public Integer call() {
        MineOptions options = new MineOptions(
                lake,
                deepLesionCsv,
                measurementsCsv,
                split.seed,
                split.train,
                split.validation,
                PseudonymSecret.resolveIfAvailable(demoKey));
        SparkSession spark = Sessions.create("deeplesion-mine");
        LakeRoot.requireWritable(spark.sparkContext().hadoopConfiguration(), lake);
        MineSummary summary = new MineJob(spark, options).run();
        System.out.println(summary.line());
        return 0;
    }
}
