package org.deeplesion.jobs.lake;

import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntConsumer;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Appends data files to a table so that no key is in it twice, whatever other runs commit at the same time.
 *
 * <p>Against each attempt's snapshot it leaves out the rows whose keys are already there, or repeat a key of an
 * earlier row of this commit: a file with only such rows is dropped, a file with some is rewritten without them.
 * Because every attempt's transaction reads the whole table, a file another run commits meanwhile makes the attempt
 * conflict, and the next attempt checks the keys again.
 */
final class UniqueAppend extends RetryingAppend {

    UniqueAppend(Lake lake, LakeTable table) {
        this(lake, table, attempt -> {}, d -> Thread.sleep(d.toMillis()));
    }

    /** With a callback that runs before each attempt's commit, given the attempt's number (from 1). */
    UniqueAppend(Lake lake, LakeTable table, IntConsumer beforeCommit, Sleeper sleeper) {
        super(lake, table, beforeCommit, sleeper);
    }

    @Override
    List<DataFile> apply(DeltaFormat.Transaction base, List<DataFile> pending, List<DataFile> leftOut) {
        Set<String> inTable = Set.of();
        if (base.readVersion() >= 0) {
            requireSameColumns(base.schema());
            inTable = keysIn(base.readVersion(), pending);
        }
        return withoutRepeatedKeys(pending, inTable, leftOut);
    }

    /** The keys at a version of the table, in the partitions the files belong to. */
    private Set<String> keysIn(long version, List<DataFile> files) {
        Dataset<Row> snapshot = lake().read(table(), version);
        for (int i = 0; i < table().partitionColumns().size(); i++) {
            Set<String> values = new HashSet<>();
            for (DataFile f : files) {
                values.add(f.partitionValues().get(i));
            }
            if (!values.contains(null)) {
                snapshot =
                        snapshot.filter(col(table().partitionColumns().get(i)).isin(values.toArray()));
            }
        }
        Dataset<Row> keys =
                snapshot.select(table().keyColumns().stream().map(Column::new).toArray(Column[]::new));
        RowKey keyOfSelection = new RowKey(keys.schema(), table().keyColumns());
        Set<String> out = new HashSet<>();
        for (Row r : keys.collectAsList()) {
            out.add(keyOfSelection.of(r));
        }
        return out;
    }

    /**
     * The files as they may be committed: without the rows whose keys are in the table or in an earlier row of these
     * files. Files left out entirely, and files replaced by a rewrite, are added to {@code leftOut}.
     */
    private List<DataFile> withoutRepeatedKeys(List<DataFile> files, Set<String> inTable, List<DataFile> leftOut) {
        Set<String> seen = new HashSet<>(inTable);
        List<DataFile> kept = new ArrayList<>(files.size());
        Map<DataFile, Set<String>> toRewrite = new LinkedHashMap<>();
        for (DataFile f : files) {
            Set<String> inFile = new HashSet<>();
            Set<String> repeated = new HashSet<>();
            boolean anyRepeat = false;
            for (String k : f.keys()) {
                if (seen.contains(k)) {
                    repeated.add(k);
                    anyRepeat = true;
                } else if (!inFile.add(k)) {
                    anyRepeat = true;
                }
            }
            if (inFile.isEmpty()) {
                leftOut.add(f);
            } else if (anyRepeat) {
                toRewrite.put(f, repeated);
            } else {
                kept.add(f);
            }
            seen.addAll(inFile);
        }
        if (!toRewrite.isEmpty()) {
            kept.addAll(new FileRewrite(lake(), table()).withoutKeys(toRewrite));
            leftOut.addAll(toRewrite.keySet());
        }
        return kept;
    }

    private void requireSameColumns(StructType existing) {
        StructType expected = table().schema();
        boolean same = existing.size() == expected.size();
        for (int i = 0; same && i < expected.size(); i++) {
            StructField a = existing.fields()[i];
            StructField b = expected.fields()[i];
            same = a.name().equals(b.name()) && a.dataType().sameType(b.dataType());
        }
        if (!same) {
            throw new IllegalStateException("table " + table().tableName() + " has columns " + existing.simpleString()
                    + ", this version writes " + expected.simpleString());
        }
    }
}
