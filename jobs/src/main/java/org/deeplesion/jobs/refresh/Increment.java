package org.deeplesion.jobs.refresh;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.deeplesion.jobs.lake.Lake;
import org.deeplesion.jobs.lake.LakeTable;

/**
 * What a stage's input tables gained between two Delta versions: {@code after} (the stage's watermark from the last
 * successful refresh, -1 when there was none or the table did not exist) and {@code upTo} (the version the stage
 * reads now, pinned so that a concurrent writer does not slip rows past the next watermark).
 */
public record Increment(Lake lake, Map<LakeTable, Long> after, Map<LakeTable, Long> upTo) {

    public Increment {
        requireNonNull(lake, "lake");
        after = Map.copyOf(after);
        upTo = Map.copyOf(upTo);
    }

    /** Whether the table gained any commit since the watermark. */
    public boolean changed(LakeTable table) {
        return upTo.get(table) > after.get(table);
    }

    /** The table as of {@code upTo}, or an empty frame of its schema when it does not exist yet. */
    public Dataset<Row> current(LakeTable table) {
        long version = upTo.get(table);
        return version < 0 ? lake.readOrEmpty(table) : lake.read(table, version);
    }

    /**
     * The distinct values of {@code columns} in rows added after the watermark. The tables are insert-only, so these
     * are the rows as of {@code upTo} that were not there as of {@code after}; only the named columns are read.
     */
    public Dataset<Row> added(LakeTable table, String... columns) {
        Dataset<Row> now = current(table).selectExpr(columns);
        long before = after.get(table);
        if (!changed(table)) {
            return now.limit(0);
        }
        return before < 0 ? now.distinct() : now.except(lake.read(table, before).selectExpr(columns));
    }
}
