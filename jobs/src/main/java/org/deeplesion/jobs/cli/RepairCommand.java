package org.deeplesion.jobs.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.deeplesion.jobs.lake.Lake;
import org.deeplesion.jobs.lake.LakeRepair;
import org.deeplesion.jobs.spark.Sessions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "repair",
        mixinStandardHelpOptions = true,
        description = "Remove rows that repeat a key from every table of the lake, keeping the earliest run's row; "
                + "one commit per table that has any. A healthy lake is left as it is.")
final class RepairCommand implements Callable<Integer> {

    @Option(names = "--lake", required = true, description = "Lake root URI.")
    String lake;

    @Override
    public Integer call() {
        List<LakeRepair.TableRepair> repairs =
                new LakeRepair(new Lake(Sessions.create("deeplesion-repair"), lake)).run();
        long removed = 0;
        for (LakeRepair.TableRepair r : repairs) {
            if (r.rowsRemoved() > 0) {
                System.out.printf(
                        "repair: %s: removed %d rows repeating %d keys (%d files written again)%n",
                        r.table().tableName(), r.rowsRemoved(), r.keys(), r.filesReplaced());
                removed += r.rowsRemoved();
            }
        }
        System.out.println(
                removed == 0
                        ? "repair: no repeated keys in " + repairs.size() + " tables; nothing changed"
                        : "repair: removed " + removed + " rows in all");
        return 0;
    }
}
