package org.deeplesion.jobs.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.deeplesion.nn.OneDnn;

/** Builds the Spark session every job uses: Delta Lake enabled, Kryo, and a local master only as a fallback. */
public final class Sessions {

    private static final String EXECUTOR_JAVA_OPTIONS = "spark.executor.extraJavaOptions";

    private Sessions() {}

    /**
     * A session for a job. Under spark-submit the master and resources come from the submit; run directly (the
     * local wrapper, tests) the master defaults to {@code local[2]}.
     */
    public static SparkSession create(String appName) {
        return SparkSession.builder().config(conf(appName)).getOrCreate();
    }

    /**
     * A session for a job that trains or runs DL4J networks: ND4J arrays live off-heap, and DL4J on Spark needs
     * ND4J's Kryo registrator to move them; each task's native ops get their share of the cores
     * ({@link TaskThreads}). Other jobs go without it, so that their executors never load ND4J.
     */
    public static SparkSession createForDeepLearning(String appName) {
        SparkConf conf = conf(appName);
        conf.setIfMissing("spark.kryo.registrator", "org.nd4j.kryo.Nd4jRegistrator");
        // Executors build the networks DL4J trains from their configuration, so they need oneDNN's switch from the
        // start; this JVM (the driver, and the executors of a local master) sets it itself.
        String executorOptions = conf.get(EXECUTOR_JAVA_OPTIONS, "");
        if (!executorOptions.contains(OneDnn.PROPERTY)) {
            conf.set(EXECUTOR_JAVA_OPTIONS, (executorOptions + " " + OneDnn.JAVA_OPTION).trim());
        }
        OneDnn.enable();
        TaskThreads.configure(conf, Runtime.getRuntime().availableProcessors());
        return SparkSession.builder().config(conf).getOrCreate();
    }

    private static SparkConf conf(String appName) {
        SparkConf conf = new SparkConf(true);
        conf.setIfMissing("spark.master", "local[2]");
        conf.setIfMissing("spark.app.name", appName);
        conf.setIfMissing("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension");
        conf.setIfMissing("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog");
        conf.setIfMissing("spark.serializer", "org.apache.spark.serializer.KryoSerializer");
        conf.setIfMissing("spark.sql.shuffle.partitions", "8");
        // Pixel blobs are large: keep Parquet pages and row groups from holding too many slices at once.
        conf.setIfMissing("spark.sql.files.maxRecordsPerFile", "2000");
        // Parquet first checks a page's size after 100 rows: 50 MB of pixels, buffered and compressed through
        // arrays that double as they grow. Checking from the first row keeps pages near their 1 MB target; it
        // cut ingest's allocation and page faults by about a half.
        conf.setIfMissing("spark.hadoop.parquet.page.size.row.check.min", "1");
        conf.setIfMissing("spark.databricks.delta.snapshotPartitions", "2");
        // Delta 3.3 copies a small table's file list into each commit's checksum file; for a new table it builds the
        // first list with a Spark SQL query whose first run in a JVM cost an ingest 4 s of its 20. Readers rebuild
        // the list from the log as they did before Delta 3.3.
        conf.setIfMissing("spark.databricks.delta.allFilesInCrc.enabled", "false");
        conf.setIfMissing("spark.sql.debug.maxToStringFields", "200");
        conf.setIfMissing("spark.hadoop.fs.file.impl", ForklessLocalFileSystem.class.getName());
        // HU pixels are most of the lake: zstd level 1 halves them at the lowest CPU cost measured (snappy saved a
        // quarter and was slower), and a dictionary never pays off for unique 512 KB values.
        conf.setIfMissing("spark.sql.parquet.compression.codec", "zstd");
        conf.setIfMissing("spark.hadoop.parquet.compression.codec.zstd.level", "1");
        conf.setIfMissing("spark.hadoop.parquet.enable.dictionary#hu", "false");
        s3aDefaults(conf);
        return conf;
    }

    /**
     * Output on {@code s3a://}. Delta tables commit atomically through their log (Delta picks its single-driver S3
     * log store for s3a by itself); plain files (reports, exports) go through S3A's magic committer, which makes a
     * job's files visible only when the job commits, instead of Hadoop's rename-based committer, which on S3 copies
     * every file and leaves partial output behind a failed job. Endpoints and credentials are the site's
     * (conf/README.md); S3A finds keys through its standard provider chain and never logs them.
     */
    private static void s3aDefaults(SparkConf conf) {
        // Every Hadoop since 3.2.2 understands kept directory markers; deleting them costs a request per file written.
        conf.setIfMissing("spark.hadoop.fs.s3a.directory.marker.retention", "keep");
        conf.setIfMissing("spark.hadoop.fs.s3a.committer.name", "magic");
        conf.setIfMissing("spark.hadoop.fs.s3a.committer.magic.enabled", "true");
        conf.setIfMissing(
                "spark.hadoop.mapreduce.outputcommitter.factory.scheme.s3a",
                "org.apache.hadoop.fs.s3a.commit.S3ACommitterFactory");
        conf.setIfMissing(
                "spark.sql.sources.commitProtocolClass", "org.apache.spark.internal.io.cloud.PathOutputCommitProtocol");
        conf.setIfMissing(
                "spark.sql.parquet.output.committer.class",
                "org.apache.spark.internal.io.cloud.BindingParquetOutputCommitter");
    }
}
