package org.deeplesion.jobs.spark;

import java.util.Arrays;
import scala.collection.JavaConverters;
import scala.collection.Seq;

/** Column-name lists in the Scala form some Dataset methods (joins on columns) take. */
public final class Columns {

    private Columns() {}

    public static Seq<String> seq(String... columns) {
        return JavaConverters.asScalaBuffer(Arrays.asList(columns)).toSeq();
    }
}
