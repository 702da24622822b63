package org.deeplesion.jobs.spark;

import java.util.List;
import java.util.Map;
import scala.collection.JavaConverters;
import scala.collection.Seq;

/** Java collections in the Scala form that Spark's row encoders expect for array and map columns. */
public final class RowValues {

    private RowValues() {}

    public static <T> Seq<T> array(List<T> values) {
        return values == null ? null : JavaConverters.asScalaBuffer(values).toSeq();
    }

    public static <K, V> scala.collection.Map<K, V> map(Map<K, V> values) {
        return JavaConverters.mapAsScalaMap(values);
    }
}
