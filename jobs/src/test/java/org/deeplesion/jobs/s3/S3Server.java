package org.deeplesion.jobs.s3;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;

/**
 * A real S3-compatible server on loopback: s3proxy in its own JVM (its Jetty and jclouds would clash with Spark's on
 * the test classpath), storing objects as plain files under a base folder, one sub-folder per bucket.
 */
public final class S3Server implements AutoCloseable {

    public static final String ACCESS_KEY = "deeplesion-test-access";
    /** Distinctive, so that tests can search the lake's bytes for it. */
    public static final String SECRET_KEY = "s3-secret-Zq7u1Xk9-never-in-the-lake";

    private final Process process;
    private final Path baseDir;
    private final Path log;
    private final int port;

    private S3Server(Process process, Path baseDir, Path log, int port) {
        this.process = process;
        this.baseDir = baseDir;
        this.log = log;
        this.port = port;
    }

    /** Starts s3proxy (the jar the build copied, system property {@code s3proxy.jar}) with the given buckets. */
    public static S3Server start(Path dir, String... buckets) throws IOException, InterruptedException {
        String jar = requireNonNull(
                System.getProperty("s3proxy.jar"),
                "system property s3proxy.jar (set by the build: target/s3proxy/s3proxy.jar)");
        if (!Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException(
                    "s3proxy jar " + jar + " does not exist: run the build's " + "process-test-resources phase first");
        }
        Path base = Files.createDirectories(dir.resolve("s3-base"));
        for (String bucket : buckets) {
            Files.createDirectories(base.resolve(bucket));
        }
        int port = freePort();
        Path properties = dir.resolve("s3proxy.properties");
        Files.write(
                properties,
                List.of(
                        "s3proxy.endpoint=http://127.0.0.1:" + port,
                        "s3proxy.authorization=aws-v2-or-v4",
                        "s3proxy.identity=" + ACCESS_KEY,
                        "s3proxy.credential=" + SECRET_KEY,
                        "jclouds.provider=filesystem",
                        "jclouds.filesystem.basedir=" + base));
        Path log = dir.resolve("s3proxy.log");
        Process p = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx256m",
                        "-cp",
                        jar,
                        "org.gaul.s3proxy.Main",
                        "--properties",
                        properties.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        S3Server server = new S3Server(p, base, log, port);
        try {
            server.awaitAnswer(Duration.ofSeconds(60));
        } catch (IOException | InterruptedException | RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    /** Where the server keeps a bucket's objects, as files named by their keys. */
    public Path bucketDir(String bucket) {
        return baseDir.resolve(bucket);
    }

    /**
     * Points s3a:// at this server for one bucket only (per-bucket options), so that other buckets and other tests
     * keep the defaults: path-style requests, no TLS, and keys through S3A's own properties.
     */
    public void configure(Configuration conf, String bucket) {
        String prefix = "fs.s3a.bucket." + bucket + ".";
        conf.set(prefix + "endpoint", endpoint());
        conf.set(prefix + "endpoint.region", "us-east-1");
        conf.set(prefix + "path.style.access", "true");
        conf.set(prefix + "connection.ssl.enabled", "false");
        conf.set(prefix + "access.key", ACCESS_KEY);
        conf.set(prefix + "secret.key", SECRET_KEY);
        conf.set(prefix + "attempts.maximum", "2");
        conf.set(prefix + "retry.limit", "2");
    }

    private void awaitAnswer(Duration timeout) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "s3proxy exited with " + process.exitValue() + ": " + Files.readString(log));
            }
            try {
                HttpURLConnection c =
                        (HttpURLConnection) URI.create(endpoint() + "/").toURL().openConnection();
                c.setConnectTimeout(500);
                c.setReadTimeout(2000);
                // Any S3 answer (403 without a signature) means it is serving.
                if (c.getResponseCode() > 0) {
                    return;
                }
            } catch (IOException notYet) {
                Thread.sleep(200);
            }
        }
        throw new IllegalStateException(
                "s3proxy did not answer on " + endpoint() + " within " + timeout + ": " + Files.readString(log));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
