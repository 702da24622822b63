package org.deeplesion.jobs.cli;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.deeplesion.jobs.lake.Lake;
import org.deeplesion.jobs.lake.LakeVacuum;
import org.deeplesion.jobs.spark.Sessions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "vacuum",
        mixinStandardHelpOptions = true,
        description = {
            "Delete files in the lake's tables that no version of the last --retain-hours refers to: files "
                    + "of killed or failed runs, and files replaced by later commits (Delta's VACUUM).",
            "Below the default, files that a job still running has written but not yet committed can be deleted "
                    + "too: run it with a shorter retention only when no job writes the lake."
        })
final class VacuumCommand implements Callable<Integer> {

    @Option(names = "--lake", required = true, description = "Lake root URI.")
    String lake;

    @Option(
            names = "--retain-hours",
            defaultValue = "168",
            description = "Keep the files of the table versions of this many hours (time travel). "
                    + "Default: ${DEFAULT-VALUE}.")
    double retainHours;

    @Override
    public Integer call() {
        if (retainHours < LakeVacuum.DEFAULT_RETAIN_HOURS) {
            System.err.printf(
                    Locale.ROOT,
                    "vacuum: keeping only %.1f h: files of jobs writing the lake now would be " + "deleted too%n",
                    retainHours);
        }
        List<LakeVacuum.TableVacuum> tables =
                new LakeVacuum(new Lake(Sessions.create("deeplesion-vacuum"), lake)).run(retainHours);
        long files = 0;
        long bytes = 0;
        for (LakeVacuum.TableVacuum t : tables) {
            if (t.filesRemoved() > 0) {
                System.out.printf(
                        Locale.ROOT,
                        "vacuum: %s: %d files, %s freed%n",
                        t.table().tableName(),
                        t.filesRemoved(),
                        megabytes(t.bytesFreed()));
            }
            files += t.filesRemoved();
            bytes += t.bytesFreed();
        }
        System.out.printf(
                Locale.ROOT,
                "vacuum: %d files, %s freed in %d tables (kept %.1f h of versions)%n",
                files,
                megabytes(bytes),
                tables.size(),
                retainHours);
        return 0;
    }

    private static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }
}
