package org.deeplesion.jobs.lake;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * The per-file statistics Delta keeps in each add action ({@code numRecords}, {@code minValues},
 * {@code maxValues}, {@code nullCount}), which its data skipping reads, for files written without Spark's writer.
 *
 * <p>Minimum and maximum are kept for integer, long, double and string columns among Delta's first 32 indexed
 * columns, null counts for those and binary columns; other columns get no statistics, which Delta reads as
 * "unknown" and never skips on. Strings follow Delta: bounds are cut to 32 characters, a cut maximum ends in a
 * character that keeps it above every value (DEL or U+10FFFF), and strings are ordered by their UTF-8 bytes as
 * Spark orders them.
 */
final class FileStatistics {

    private static final int INDEXED_COLUMNS = 32;
    private static final int STRING_PREFIX = 32;
    private static final char ASCII_MAX_CHARACTER = '\u007F';
    private static final String UTF8_MAX_CHARACTER = "\uDBFF\uDFFF";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String[] names;
    private final DataType[] types;
    private final int[] ordinals;
    /** Bounds so far, as Spark orders them: strings as {@link UTF8String}, numbers as themselves. */
    private final Comparable<?>[] min;

    private final Comparable<?>[] max;
    private final long[] nulls;
    private final boolean[] unordered;
    private long records;

    /**
     * @param schema the rows' schema
     * @param dataSchema the file's columns (the partition columns left out), in file order
     */
    FileStatistics(StructType schema, StructType dataSchema) {
        List<StructField> kept = new ArrayList<>();
        StructField[] fields = dataSchema.fields();
        for (int i = 0; i < Math.min(fields.length, INDEXED_COLUMNS); i++) {
            if (tracked(fields[i].dataType())) {
                kept.add(fields[i]);
            }
        }
        int n = kept.size();
        names = new String[n];
        types = new DataType[n];
        ordinals = new int[n];
        for (int k = 0; k < n; k++) {
            names[k] = kept.get(k).name();
            types[k] = kept.get(k).dataType();
            ordinals[k] = schema.fieldIndex(names[k]);
        }
        min = new Comparable<?>[n];
        max = new Comparable<?>[n];
        nulls = new long[n];
        unordered = new boolean[n];
    }

    private static boolean tracked(DataType type) {
        return type.equals(DataTypes.IntegerType)
                || type.equals(DataTypes.LongType)
                || type.equals(DataTypes.DoubleType)
                || type.equals(DataTypes.StringType)
                || type.equals(DataTypes.BinaryType);
    }

    void add(Row row) {
        records++;
        for (int i = 0; i < names.length; i++) {
            Object value = row.get(ordinals[i]);
            if (value == null) {
                nulls[i]++;
                continue;
            }
            DataType type = types[i];
            if (type.equals(DataTypes.BinaryType)) {
                continue;
            }
            if (value instanceof Double d && (d.isNaN() || d.isInfinite())) {
                unordered[i] = true; // Spark orders NaN above every number, which JSON cannot say
                continue;
            }
            Comparable<Object> key = key(value);
            if (min[i] == null || key.compareTo(min[i]) < 0) {
                min[i] = key;
            }
            if (max[i] == null || key.compareTo(max[i]) > 0) {
                max[i] = key;
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Comparable<Object> key(Object value) {
        return (Comparable<Object>) (value instanceof String s ? UTF8String.fromString(s) : value);
    }

    long records() {
        return records;
    }

    /** The statistics as Delta's JSON. */
    String json() {
        Map<String, Object> minValues = new LinkedHashMap<>();
        Map<String, Object> maxValues = new LinkedHashMap<>();
        Map<String, Object> nullCount = new LinkedHashMap<>();
        for (int i = 0; i < names.length; i++) {
            nullCount.put(names[i], nulls[i]);
            if (min[i] == null || unordered[i]) {
                continue;
            }
            if (min[i] instanceof UTF8String lo) {
                minValues.put(names[i], truncatedMin(lo.toString()));
                String hi = truncatedMax(max[i].toString());
                if (hi != null) {
                    maxValues.put(names[i], hi);
                }
            } else {
                minValues.put(names[i], min[i]);
                maxValues.put(names[i], max[i]);
            }
        }
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("numRecords", records);
        stats.put("minValues", minValues);
        stats.put("maxValues", maxValues);
        stats.put("nullCount", nullCount);
        try {
            return JSON.writeValueAsString(stats);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write file statistics: " + e.getMessage(), e);
        }
    }

    /** Delta's cut of a string minimum: its first 32 UTF-16 units, a surrogate pair kept whole. */
    static String truncatedMin(String s) {
        if (s.length() <= STRING_PREFIX) {
            return s;
        }
        int n = Character.isHighSurrogate(s.charAt(STRING_PREFIX - 1))
                        && Character.isLowSurrogate(s.charAt(STRING_PREFIX))
                ? STRING_PREFIX + 1
                : STRING_PREFIX;
        return s.substring(0, n);
    }

    /**
     * Delta's cut of a string maximum: the cut minimum followed by a character above the next one (DEL after an
     * ASCII character, U+10FFFF otherwise), skipping U+10FFFF already there; null (no bound) when that would not
     * end within twice the prefix.
     */
    static String truncatedMax(String s) {
        if (s.length() <= STRING_PREFIX) {
            return s;
        }
        int n = truncatedMin(s).length();
        while (n <= 2 * STRING_PREFIX) {
            if (n >= s.length()) {
                return s;
            }
            if (n + 1 < s.length() && s.startsWith(UTF8_MAX_CHARACTER, n)) {
                n += 2;
            } else if (s.charAt(n) < ASCII_MAX_CHARACTER) {
                return s.substring(0, n) + ASCII_MAX_CHARACTER;
            } else {
                return s.substring(0, n) + UTF8_MAX_CHARACTER;
            }
        }
        return null;
    }
}
