package org.deeplesion.jobs.lake;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.input_file_name;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.deeplesion.jobs.spark.Columns;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes rows that repeat a key from every table of a lake, one Delta commit per table that has any. Of the rows of a
 * key, the one in the file committed first is kept (the earliest run's row). The files that hold the others are
 * written again without them and replaced in the same commit; a table without repeated keys is left at its version.
 */
public final class LakeRepair {

    private static final Logger LOG = LoggerFactory.getLogger(LakeRepair.class);

    /**
     * What repair did to one table.
     *
     * @param rowsRemoved rows removed, each repeating a key that another row keeps
     * @param keys keys that were repeated
     * @param filesReplaced data files written again without those rows
     */
    public record TableRepair(LakeTable table, long rowsRemoved, long keys, int filesReplaced) {

        public TableRepair {
            requireNonNull(table, "table");
        }
    }

    private final Lake lake;

    public LakeRepair(Lake lake) {
        this.lake = requireNonNull(lake, "lake");
    }

    /** Repairs every table that exists; one entry per table, in the lake's order. */
    public List<TableRepair> run() {
        List<TableRepair> out = new ArrayList<>();
        for (LakeTable t : LakeTable.values()) {
            if (lake.exists(t)) {
                out.add(repair(t));
            }
        }
        return out;
    }

    private TableRepair repair(LakeTable table) {
        String root = lake.path(table);
        DeltaFormat.Transaction txn = new DeltaFormat(lake.spark(), table, root).begin();
        Map<String, DataFile> files = new HashMap<>();
        for (DataFile f : txn.files()) {
            files.put(location(f.location(root).toUri().toString()), f);
        }
        Column[] keyColumns = table.keyColumns().stream().map(Column::new).toArray(Column[]::new);
        Dataset<Row> keyed =
                lake.read(table, txn.readVersion()).select(keyColumns).withColumn("_file", input_file_name());
        Dataset<Row> repeated =
                keyed.groupBy(keyColumns).count().filter(col("count").gt(1)).select(keyColumns);
        List<Row> rows = keyed.join(repeated, Columns.seq(table.keyColumns().toArray(String[]::new)), "left_semi")
                .collectAsList();
        if (rows.isEmpty()) {
            return new TableRepair(table, 0, 0, 0);
        }
        RowKey key = new RowKey(keyed.schema(), table.keyColumns());
        int fileColumn = keyed.schema().fieldIndex("_file");
        Map<String, List<DataFile>> filesByKey = new LinkedHashMap<>();
        for (Row r : rows) {
            DataFile f = files.get(location(r.getString(fileColumn)));
            if (f == null) {
                throw new IllegalStateException("table " + table.tableName() + ": a row of key " + key.of(r)
                        + " was read from " + r.getString(fileColumn) + ", which the Delta log does not list");
            }
            filesByKey.computeIfAbsent(key.of(r), k -> new ArrayList<>()).add(f);
        }
        Comparator<DataFile> firstCommitted =
                Comparator.comparingLong(DataFile::modified).thenComparing(DataFile::path);
        Map<DataFile, Set<String>> dropByFile = new LinkedHashMap<>();
        for (Map.Entry<String, List<DataFile>> e : filesByKey.entrySet()) {
            DataFile keeper = e.getValue().stream().min(firstCommitted).orElseThrow();
            for (DataFile f : e.getValue()) {
                if (f != keeper) {
                    dropByFile.computeIfAbsent(f, x -> new HashSet<>()).add(e.getKey());
                } else if (e.getValue().stream().filter(g -> g == keeper).count() > 1) {
                    // The keeper repeats the key itself: written again, it keeps its first row of the key.
                    dropByFile.computeIfAbsent(f, x -> new HashSet<>());
                }
            }
        }
        List<DataFile> written = new FileRewrite(lake, table).withoutKeys(dropByFile);
        try {
            txn.replace(List.copyOf(dropByFile.keySet()), written);
        } catch (DeltaFormat.ConflictException e) {
            IllegalStateException failure = new IllegalStateException(
                    "table " + table.tableName()
                            + " was changed by another run while repair ran; nothing was removed from it:"
                            + " run repair again",
                    e);
            lake.discard(table, written, failure);
            throw failure;
        }
        TableRepair done =
                new TableRepair(table, rows.size() - filesByKey.size(), filesByKey.size(), dropByFile.size());
        LOG.info(
                "repair: table {}: removed {} rows repeating {} keys; {} files written again",
                table.tableName(),
                done.rowsRemoved(),
                done.keys(),
                done.filesReplaced());
        return done;
    }

    /** A file's path alone, decoded, so that Delta's relative paths and Spark's input file names compare. */
    private static String location(String uri) {
        try {
            return new URI(uri).getPath();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("file name " + uri + " is not a URI", e);
        }
    }
}
