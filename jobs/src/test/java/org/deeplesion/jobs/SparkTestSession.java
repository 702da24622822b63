package org.deeplesion.jobs;

import org.apache.spark.sql.SparkSession;
import org.deeplesion.jobs.spark.Sessions;

/** One real local[2] Spark session with Delta Lake, shared by the tests of this JVM. */
public final class SparkTestSession {

    private static SparkSession session;

    private SparkTestSession() {}

    public static synchronized SparkSession get() {
        if (session == null) {
            System.setProperty("spark.master", "local[2]");
            System.setProperty("spark.ui.enabled", "false");
            System.setProperty("spark.ui.showConsoleProgress", "false");
            System.setProperty("spark.sql.shuffle.partitions", "4");
            System.setProperty("spark.driver.host", "127.0.0.1");
            System.setProperty("spark.driver.bindAddress", "127.0.0.1");
            session = Sessions.createForDeepLearning("deeplesion-tests");
        }
        return session;
    }
}
