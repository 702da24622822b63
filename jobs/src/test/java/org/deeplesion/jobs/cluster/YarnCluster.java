package org.deeplesion.jobs.cluster;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.exceptions.YarnException;
import org.apache.hadoop.yarn.server.MiniYARNCluster;
import org.apache.hadoop.yarn.server.nodemanager.NodeManager;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.FileAppender;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Real HDFS and YARN daemons in this JVM, from Hadoop's own mini clusters: a NameNode with one DataNode, and a
 * ResourceManager with N NodeManagers that launch every container as its own JVM, each NodeManager hosting Spark's
 * external shuffle service as a YARN site with dynamic allocation does. Their client configuration is written to
 * a {@code HADOOP_CONF_DIR} for spark-submit; their own logs go to one file.
 *
 * <p>All NodeManagers share one host, and a site's shuffle service has one port: the first NodeManager's service
 * binds it, the others' fail to (and say so in the log) while their NodeManagers run on, and every executor reads
 * and serves shuffle files through the first one, which finds them on the same disk.
 */
final class YarnCluster implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(YarnCluster.class);
    private static final String LOG_APPENDER = "yarn-cluster-daemons";

    private final Path dir;
    private final Path daemonLog;
    private MiniDFSCluster hdfs;
    private MiniYARNCluster yarn;
    private YarnClient client;
    private Path confDir;
    private int shufflePort;
    private int nodeManagers;

    private YarnCluster(Path dir) {
        this.dir = dir;
        this.daemonLog = dir.resolve("daemons.log");
    }

    /**
     * Starts HDFS, then YARN, and returns once every NodeManager has registered with the ResourceManager.
     *
     * @param nodeMemoryMb and {@code nodeVcores}: what each NodeManager offers; the scheduler counts both
     */
    static YarnCluster start(Path dir, int nodeManagers, int nodeMemoryMb, int nodeVcores)
            throws IOException, InterruptedException {
        requireNonNull(dir, "dir");
        YarnCluster cluster = new YarnCluster(Files.createDirectories(dir));
        try {
            cluster.logDaemonsToFile();
            cluster.startHdfs();
            cluster.startYarn(nodeManagers, nodeMemoryMb, nodeVcores);
        } catch (IOException | InterruptedException | RuntimeException e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    private void logDaemonsToFile() {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        var config = context.getConfiguration();
        FileAppender appender = FileAppender.newBuilder()
                .setName(LOG_APPENDER)
                .withFileName(daemonLog.toString())
                .setLayout(PatternLayout.newBuilder()
                        .withPattern("%d{HH:mm:ss.SSS} %-5p %c{1}: %m%n")
                        .build())
                .build();
        appender.start();
        config.addAppender(appender);
        for (String name : List.of("org.apache.hadoop", "org.apache.spark.network")) {
            LoggerConfig logger = new LoggerConfig(name, Level.INFO, false);
            logger.addAppender(appender, Level.INFO, null);
            config.addLogger(name, logger);
        }
        context.updateLoggers();
    }

    private void startHdfs() throws IOException {
        Configuration conf = new Configuration();
        hdfs = new MiniDFSCluster.Builder(conf, dir.resolve("hdfs").toFile())
                .numDataNodes(1)
                .build();
        hdfs.waitActive();
        LOG.info("HDFS up at {}", hdfs.getURI());
    }

    private void startYarn(int nodeManagers, int nodeMemoryMb, int nodeVcores)
            throws IOException, InterruptedException {
        this.nodeManagers = nodeManagers;
        shufflePort = freePort();
        YarnConfiguration conf = new YarnConfiguration();
        conf.set("fs.defaultFS", hdfs.getURI().toString());
        conf.setInt(YarnConfiguration.NM_PMEM_MB, nodeMemoryMb);
        conf.setInt(YarnConfiguration.NM_VCORES, nodeVcores);
        conf.setInt(YarnConfiguration.RM_SCHEDULER_MINIMUM_ALLOCATION_MB, 128);
        conf.setInt(YarnConfiguration.RM_SCHEDULER_MAXIMUM_ALLOCATION_MB, nodeMemoryMb);
        conf.setInt(YarnConfiguration.RM_SCHEDULER_MAXIMUM_ALLOCATION_VCORES, nodeVcores);
        // Vcores count as well as memory, as on most sites: a container's cores are then really reserved.
        // One queue, as Hadoop's default capacity-scheduler.xml has it (the shaded mini cluster carries none).
        conf.set("yarn.scheduler.capacity.root.queues", "default");
        conf.setInt("yarn.scheduler.capacity.root.default.capacity", 100);
        conf.setFloat("yarn.scheduler.capacity.maximum-am-resource-percent", 0.5f);
        conf.set(
                "yarn.scheduler.capacity.resource-calculator",
                "org.apache.hadoop.yarn.util.resource.DominantResourceCalculator");
        // The JVM's virtual size says nothing of its use; physical memory stays enforced.
        conf.setBoolean(YarnConfiguration.NM_VMEM_CHECK_ENABLED, false);
        conf.setBoolean(YarnConfiguration.NM_PMEM_CHECK_ENABLED, true);
        conf.setFloat(YarnConfiguration.NM_MAX_PER_DISK_UTILIZATION_PERCENTAGE, 99.9f);
        conf.setLong(YarnConfiguration.RM_NM_HEARTBEAT_INTERVAL_MS, 250);
        // Keeps each container's launch script and working folder after the application, so they can be searched.
        conf.setInt(YarnConfiguration.DEBUG_NM_DELETE_DELAY_SEC, 3600);
        conf.set(YarnConfiguration.NM_AUX_SERVICES, "spark_shuffle");
        conf.set(
                "yarn.nodemanager.aux-services.spark_shuffle.class",
                "org.apache.spark.network.yarn.YarnShuffleService");
        conf.setInt("spark.shuffle.service.port", shufflePort);
        yarn = new MiniYARNCluster(getClass().getSimpleName(), 1, nodeManagers, 1, 1);
        yarn.init(conf);
        yarn.start();
        await(
                "the ResourceManager's address",
                Duration.ofMinutes(5),
                () -> !yarn.getConfig().get(YarnConfiguration.RM_ADDRESS).endsWith(":0"));
        try {
            if (!yarn.waitForNodeManagersToConnect(300_000)) {
                throw new IllegalStateException("the NodeManagers did not register in 5 min; see " + daemonLog);
            }
        } catch (YarnException e) {
            throw new IOException(e);
        }
        client = YarnClient.createYarnClient();
        client.init(yarn.getConfig());
        client.start();
        writeClientConfiguration();
        LOG.info(
                "YARN up: ResourceManager {}, {} NodeManagers",
                yarn.getConfig().get(YarnConfiguration.RM_ADDRESS),
                nodeManagers);
    }

    private void writeClientConfiguration() throws IOException {
        confDir = Files.createDirectories(dir.resolve("hadoop-conf"));
        Configuration core = new Configuration(false);
        core.set("fs.defaultFS", hdfs.getURI().toString());
        try (OutputStream out = Files.newOutputStream(confDir.resolve("core-site.xml"))) {
            core.writeXml(out);
        }
        try (OutputStream out = Files.newOutputStream(confDir.resolve("yarn-site.xml"))) {
            yarn.getConfig().writeXml(out);
        }
    }

    /** HADOOP_CONF_DIR for spark-submit, as on a site's edge node. */
    Map<String, String> environment() {
        Map<String, String> env = new HashMap<>();
        env.put("HADOOP_CONF_DIR", confDir.toString());
        return env;
    }

    /** The port every NodeManager's Spark shuffle service is configured with, for spark.shuffle.service.port. */
    int shuffleServicePort() {
        return shufflePort;
    }

    String hdfsUri() {
        return hdfs.getURI().toString();
    }

    FileSystem fileSystem() throws IOException {
        return hdfs.getFileSystem();
    }

    /** Every application the ResourceManager knows of. */
    List<ApplicationReport> applications() throws IOException {
        try {
            return client.getApplications();
        } catch (YarnException e) {
            throw new IOException(e);
        }
    }

    int nodeManagers() {
        return nodeManagers;
    }

    /** The folders the i-th NodeManager keeps container logs in, one subfolder per application. */
    List<Path> logDirs(int nodeManager) {
        return dirs(yarn.getNodeManager(nodeManager), YarnConfiguration.NM_LOG_DIRS);
    }

    /** The i-th NodeManager's local folders: private launch scripts, container working folders. */
    List<Path> localDirs(int nodeManager) {
        return dirs(yarn.getNodeManager(nodeManager), YarnConfiguration.NM_LOCAL_DIRS);
    }

    private static List<Path> dirs(NodeManager nm, String key) {
        List<Path> out = new ArrayList<>();
        for (String d : nm.getConfig().getTrimmedStrings(key)) {
            out.add(Path.of(d.startsWith("file:") ? URI.create(d).getPath() : d));
        }
        return out;
    }

    /** The process id the NodeManager that runs a container recorded for it, while it runs. */
    Optional<Long> containerPid(ContainerId container) {
        for (int i = 0; i < nodeManagers(); i++) {
            NodeManager nm = yarn.getNodeManager(i);
            if (nm.getNMContext().getContainers().containsKey(container)) {
                String pid = nm.getNMContext().getContainerExecutor().getProcessId(container);
                return Optional.ofNullable(pid).map(Long::valueOf);
            }
        }
        return Optional.empty();
    }

    Path daemonLog() {
        return daemonLog;
    }

    /** Waits for a condition with a ceiling: the daemons' pace on a busy machine varies. */
    static void await(String what, Duration ceiling, Supplier<Boolean> done) throws InterruptedException {
        Instant deadline = Instant.now().plus(ceiling);
        while (!done.get()) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("no " + what + " within " + ceiling);
            }
            Thread.sleep(100);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Stops YARN (and with its NodeManagers their containers) before HDFS; each step even if one before failed. */
    @Override
    public void close() {
        if (client != null) {
            client.stop();
        }
        if (yarn != null) {
            yarn.stop();
        }
        if (hdfs != null) {
            hdfs.shutdown();
        }
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        var config = context.getConfiguration();
        config.removeLogger("org.apache.hadoop");
        config.removeLogger("org.apache.spark.network");
        var appender = config.getAppenders().get(LOG_APPENDER);
        if (appender != null) {
            appender.stop();
        }
        context.updateLoggers();
    }
}
