package org.deeplesion.jobs.lake;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * A row's key in a table (its key columns' values) as one string, so that the keys of written files and of a table's
 * snapshot compare without a join. Key columns are never null.
 */
final class RowKey implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final char SEPARATOR = '\u0000';

    private final List<String> columns;
    private final int[] ordinals;

    RowKey(StructType schema, List<String> columns) {
        this.columns = List.copyOf(requireNonNull(columns, "columns"));
        this.ordinals = columns.stream()
                .mapToInt(requireNonNull(schema, "schema")::fieldIndex)
                .toArray();
    }

    static RowKey of(LakeTable table) {
        return new RowKey(table.schema(), table.keyColumns());
    }

    /** The key of a row of the table's schema. */
    String of(Row row) {
        StringBuilder key = new StringBuilder();
        for (int i = 0; i < ordinals.length; i++) {
            Object value = row.get(ordinals[i]);
            if (value == null) {
                throw new IllegalArgumentException("key column " + columns.get(i) + " is null");
            }
            if (i > 0) {
                key.append(SEPARATOR);
            }
            key.append(value);
        }
        return key.toString();
    }
}
