package org.deeplesion.jobs.lake;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.StreamSupport;
import org.apache.spark.sql.Column;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes data files of a table again without some of their rows: those of given keys, and every row after the first
 * of a key the file repeats. The new files are written, not committed; the old ones are left as they are.
 */
final class FileRewrite {

    private static final Logger LOG = LoggerFactory.getLogger(FileRewrite.class);

    private final Lake lake;
    private final LakeTable table;

    FileRewrite(Lake lake, LakeTable table) {
        this.lake = requireNonNull(lake, "lake");
        this.table = requireNonNull(table, "table");
    }

    /** For each file, the files that replace it, all together. */
    List<DataFile> withoutKeys(Map<DataFile, Set<String>> dropByFile) {
        requireNonNull(dropByFile, "dropByFile");
        String root = lake.path(table);
        Column[] columns =
                Arrays.stream(table.schema().fieldNames()).map(Column::new).toArray(Column[]::new);
        RowKey key = RowKey.of(table);
        List<DataFile> out = new ArrayList<>();
        for (Map.Entry<DataFile, Set<String>> e : dropByFile.entrySet()) {
            Set<String> drop = new HashSet<>(e.getValue());
            // One task reads the whole file in order, so that "first row of a key" means the file's first.
            List<DataFile> rewritten = lake.spark()
                    .read()
                    .schema(table.schema())
                    .option("basePath", root)
                    .parquet(e.getKey().location(root).toString())
                    .select(columns)
                    .coalesce(1)
                    .javaRDD()
                    .mapPartitions(rows -> {
                        Set<String> seen = new HashSet<>(drop);
                        return StreamSupport.stream(
                                        Spliterators.spliteratorUnknownSize(rows, Spliterator.ORDERED), false)
                                .filter(r -> seen.add(key.of(r)))
                                .iterator();
                    })
                    .mapPartitions(lake.writer(table))
                    .collect();
            LOG.info(
                    "table {}: wrote {} again, keeping {} rows",
                    table.tableName(),
                    e.getKey().path(),
                    rewritten.stream().mapToLong(f -> f.keys().size()).sum());
            out.addAll(rewritten);
        }
        return out;
    }
}
