package org.deeplesion.jobs.lake;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.delta.actions.AddFile;
import scala.Option;
import scala.collection.JavaConverters;

/**
 * A Parquet data file written into a table's folder and not yet committed: what the driver needs to add it to the
 * Delta log, and the keys of its rows, so that a commit can leave out keys that another run committed first.
 *
 * <p>Tasks hand it to the driver as a {@link Row} ({@link #toRow()}, {@link #of(Row)}): Spark moves task results with
 * Kryo, which cannot build Java records.
 *
 * @param path the file relative to the table, URI-encoded, as Delta records it
 * @param partitionValues the file's value of each partition column, in the table's order
 * @param size bytes
 * @param modified modification time, epoch milliseconds
 * @param stats Delta's per-file statistics JSON, empty when not known
 * @param keys the {@link RowKey} of each row, in file order
 */
record DataFile(String path, List<String> partitionValues, long size, long modified, String stats, List<String> keys) {

    DataFile {
        requireNonNull(path, "path");
        partitionValues = Collections.unmodifiableList(new ArrayList<>(partitionValues));
        requireNonNull(stats, "stats");
        keys = List.copyOf(keys);
    }

    /** The file's location: Delta's relative path resolved against the table's root. */
    Path location(String tableRoot) {
        try {
            return new Path(new Path(tableRoot), new Path(new URI(path)));
        } catch (URISyntaxException e) {
            throw new IllegalStateException("data file path " + path + " is not a URI", e);
        }
    }

    /** The Delta action that adds the file to a table partitioned by these columns. */
    AddFile addFile(List<String> partitionColumns) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < partitionValues.size(); i++) {
            values.put(partitionColumns.get(i), partitionValues.get(i));
        }
        return new AddFile(path, scala.collection.immutable.Map$.MODULE$.<String, String>empty().$plus$plus(
                JavaConverters.mapAsScalaMap(values)), size, modified, true, stats.isEmpty() ? null : stats, null,
                null, Option.empty(), Option.empty(), Option.empty());
    }

    /** A file of a table as its Delta log records it; its keys are not known. */
    static DataFile of(AddFile add, List<String> partitionColumns) {
        List<String> values = new ArrayList<>();
        for (String c : partitionColumns) {
            values.add(add.partitionValues().get(c).getOrElse(() -> null));
        }
        return new DataFile(add.path(), values, add.size(), add.modificationTime(),
                add.stats() == null ? "" : add.stats(), List.of());
    }

    Row toRow() {
        return RowFactory.create(path, partitionValues.toArray(String[]::new), size, modified, stats,
                keys.toArray(String[]::new));
    }

    static DataFile of(Row row) {
        return new DataFile(row.getString(0), Arrays.asList((String[]) row.get(1)), row.getLong(2),
                row.getLong(3), row.getString(4), List.of((String[]) row.get(5)));
    }
}
