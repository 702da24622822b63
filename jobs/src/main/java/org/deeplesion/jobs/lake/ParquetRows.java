package org.deeplesion.jobs.lake;

import java.lang.reflect.Array;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.collection.JavaConverters;
import scala.collection.Seq;

/**
 * Writes rows of a lake table's schema (Spark's external {@link Row}s, as the jobs build them) to Parquet as Spark
 * itself lays them out (Spark's own schema, {@link DeltaFormat#parquetSchema}: three-level lists, timestamps as
 * microseconds), leaving out the partition columns, which live in the folder names.
 *
 * <p>Binary values go to Parquet as they are, without a copy: Parquet's page statistics keep a reference to them
 * instead of copying each 512 KB slice twice, which Spark's writer, reusing its buffers, cannot allow.
 */
final class ParquetRows extends WriteSupport<Row> {

    /** The key under which Spark records the Spark schema of its Parquet files. */
    private static final String SPARK_SCHEMA_KEY = "org.apache.spark.sql.parquet.row.metadata";

    private final String table;
    private final StructType dataSchema;
    private final int[] ordinals;
    private RecordConsumer consumer;

    /**
     * @param table the table's name, for errors
     * @param schema the rows' schema, partition columns included
     * @param partitionColumns columns left out of the file
     */
    ParquetRows(String table, StructType schema, List<String> partitionColumns) {
        this.table = table;
        StructType data = new StructType();
        int[] kept = new int[schema.size() - partitionColumns.size()];
        int k = 0;
        for (int i = 0; i < schema.size(); i++) {
            StructField f = schema.fields()[i];
            if (!partitionColumns.contains(f.name())) {
                data = data.add(f);
                kept[k++] = i;
            }
        }
        this.dataSchema = data;
        this.ordinals = kept;
    }

    @Override
    public WriteContext init(Configuration configuration) {
        Map<String, String> meta = new HashMap<>();
        meta.put(SPARK_SCHEMA_KEY, dataSchema.json());
        return new WriteContext(DeltaFormat.parquetSchema(dataSchema), meta);
    }

    @Override
    public void prepareForWrite(RecordConsumer recordConsumer) {
        this.consumer = recordConsumer;
    }

    @Override
    public void write(Row row) {
        consumer.startMessage();
        StructField[] fields = dataSchema.fields();
        for (int i = 0; i < fields.length; i++) {
            Object value = row.get(ordinals[i]);
            StructField f = fields[i];
            if (value == null) {
                if (!f.nullable()) {
                    throw new IllegalArgumentException("table " + table + ": column " + f.name() + " may not be null");
                }
                continue;
            }
            consumer.startField(f.name(), i);
            writeValue(f.name(), f.dataType(), value);
            consumer.endField(f.name(), i);
        }
        consumer.endMessage();
    }

    private void writeValue(String column, DataType type, Object value) {
        if (type.equals(DataTypes.StringType)) {
            consumer.addBinary(Binary.fromString((String) value));
        } else if (type.equals(DataTypes.IntegerType)) {
            consumer.addInteger((Integer) value);
        } else if (type.equals(DataTypes.LongType)) {
            consumer.addLong((Long) value);
        } else if (type.equals(DataTypes.DoubleType)) {
            consumer.addDouble((Double) value);
        } else if (type.equals(DataTypes.FloatType)) {
            consumer.addFloat((Float) value);
        } else if (type.equals(DataTypes.BooleanType)) {
            consumer.addBoolean((Boolean) value);
        } else if (type.equals(DataTypes.BinaryType)) {
            consumer.addBinary(Binary.fromConstantByteArray((byte[]) value));
        } else if (type.equals(DataTypes.TimestampType)) {
            consumer.addLong(micros((Timestamp) value));
        } else if (type instanceof ArrayType array) {
            writeList(column, array, value);
        } else if (type instanceof MapType map) {
            writeMap(column, map, value);
        } else {
            throw new IllegalArgumentException("table " + table + ": column " + column + " has type "
                    + type.simpleString() + ", which the direct Parquet writer does not write");
        }
    }

    /** Spark's standard three-level list: {@code <column> (LIST) { repeated group list { element } }}. */
    private void writeList(String column, ArrayType type, Object value) {
        Iterable<?> elements;
        if (value instanceof Seq<?> seq) {
            elements = JavaConverters.asJavaIterable(seq);
        } else if (value instanceof Iterable<?> iterable) {
            elements = iterable;
        } else if (value.getClass().isArray()) {
            List<Object> boxed = new ArrayList<>();
            for (int i = 0; i < Array.getLength(value); i++) {
                boxed.add(Array.get(value, i));
            }
            elements = boxed;
        } else {
            throw new IllegalArgumentException("table " + table + ": column " + column + " holds a "
                    + value.getClass().getName() + ", not an array");
        }
        consumer.startGroup();
        boolean any = false;
        for (Object element : elements) {
            if (!any) {
                consumer.startField("list", 0);
                any = true;
            }
            consumer.startGroup();
            if (element != null) {
                consumer.startField("element", 0);
                writeValue(column, type.elementType(), element);
                consumer.endField("element", 0);
            } else if (!type.containsNull()) {
                throw new IllegalArgumentException(
                        "table " + table + ": column " + column + " may not hold null elements");
            }
            consumer.endGroup();
        }
        if (any) {
            consumer.endField("list", 0);
        }
        consumer.endGroup();
    }

    /** Spark's standard map: {@code <column> (MAP) { repeated group key_value { key; value } }}. */
    private void writeMap(String column, MapType type, Object value) {
        Map<?, ?> entries;
        if (value instanceof scala.collection.Map<?, ?> map) {
            entries = JavaConverters.mapAsJavaMap(map);
        } else if (value instanceof Map<?, ?> map) {
            entries = map;
        } else {
            throw new IllegalArgumentException("table " + table + ": column " + column + " holds a "
                    + value.getClass().getName() + ", not a map");
        }
        consumer.startGroup();
        if (!entries.isEmpty()) {
            consumer.startField("key_value", 0);
            for (Map.Entry<?, ?> e : entries.entrySet()) {
                consumer.startGroup();
                consumer.startField("key", 0);
                writeValue(column, type.keyType(), e.getKey());
                consumer.endField("key", 0);
                if (e.getValue() != null) {
                    consumer.startField("value", 1);
                    writeValue(column, type.valueType(), e.getValue());
                    consumer.endField("value", 1);
                } else if (!type.valueContainsNull()) {
                    throw new IllegalArgumentException(
                            "table " + table + ": column " + column + " may not hold null values");
                }
                consumer.endGroup();
            }
            consumer.endField("key_value", 0);
        }
        consumer.endGroup();
    }

    private static long micros(Timestamp t) {
        return Math.addExact(Math.multiplyExact(Math.floorDiv(t.getTime(), 1000L), 1_000_000L), t.getNanos() / 1000L);
    }

    StructType dataSchema() {
        return dataSchema;
    }
}
