package org.deeplesion.jobs.harvest;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A real PACS for harvest tests: Debian's Orthanc with its DICOMweb plugin, run as a plain child process (never as a
 * service) on a free loopback port, storage and index in a test folder, basic authentication on. Where Orthanc is not
 * installed a test is skipped on a developer machine, but fails in CI ({@code CI} set), where
 * {@code scripts/ensure-tools --test} installs it.
 *
 * <p>Orthanc 1.10 has no {@code HttpBindAddress}: it listens on all interfaces, and {@code RemoteAccessAllowed: false}
 * makes it refuse every client but loopback ones.
 */
public final class Orthanc implements AutoCloseable {

    public static final Path EXECUTABLE = Path.of("/usr/sbin/Orthanc");
    public static final Path DICOMWEB_PLUGIN = Path.of("/usr/share/orthanc/plugins/libOrthancDicomWeb.so");
    public static final String USER = "deeplesion";
    private static final Duration READY_WITHIN = Duration.ofSeconds(60);
    private static final Duration POLL = Duration.ofMillis(50);
    private static final Pattern COUNT_INSTANCES = Pattern.compile("\"CountInstances\"\\s*:\\s*(\\d+)");

    private final Path dir;
    private final Path config;
    private final Path logFile;
    private final Path consoleFile;
    private final int port;
    private final String password;
    private final HttpClient http;
    private Process process;

    private Orthanc(Path dir, Path config, int port, String password) {
        this.dir = dir;
        this.config = config;
        this.logFile = dir.resolve("orthanc.log");
        this.consoleFile = dir.resolve("orthanc.console");
        this.port = port;
        this.password = password;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2))
                .build();
    }

    /** Skips the calling test where Orthanc or its DICOMweb plugin is missing, or fails it under CI. */
    public static void requireInstalled() {
        for (Path p : List.of(EXECUTABLE, DICOMWEB_PLUGIN)) {
            boolean present = Files.isRegularFile(p);
            String ci = System.getenv("CI");
            if (!present && ci != null && !ci.isEmpty() && !"false".equalsIgnoreCase(ci)) {
                fail(p + " is not installed; scripts/ensure-tools --test installs orthanc and orthanc-dicomweb");
            }
            Assumptions.assumeTrue(present, p + " is not installed (apt-get install orthanc orthanc-dicomweb)");
        }
    }

    /** Writes a configuration under {@code dir}, starts Orthanc and waits until it answers {@code GET /system}. */
    public static Orthanc start(Path dir) throws IOException, InterruptedException {
        requireInstalled();
        Files.createDirectories(dir);
        int port = freePort();
        byte[] random = new byte[12];
        new SecureRandom().nextBytes(random);
        String password = "pw-" + HexFormat.of().formatHex(random);
        Path config = dir.resolve("orthanc.json");
        Files.writeString(config, """
                {
                  "Name": "deeplesion-test",
                  "HttpServerEnabled": true,
                  "HttpPort": %d,
                  "RemoteAccessAllowed": false,
                  "AuthenticationEnabled": true,
                  "RegisteredUsers": { "%s": "%s" },
                  "DicomServerEnabled": false,
                  "StorageDirectory": %s,
                  "IndexDirectory": %s,
                  "StableAge": 1,
                  "SaveJobs": false,
                  "Plugins": [ %s ],
                  "DicomWeb": { "Enable": true, "Root": "/dicom-web/" }
                }
                """.formatted(
                port, USER, password, json(dir.resolve("storage")), json(dir.resolve("index")), json(DICOMWEB_PLUGIN)));
        Orthanc orthanc = new Orthanc(dir, config, port, password);
        orthanc.launch();
        return orthanc;
    }

    /** {@code http://127.0.0.1:port}, no trailing slash. */
    public URI uri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** The DICOMweb root, with its trailing slash: {@code http://127.0.0.1:port/dicom-web/}. */
    public URI dicomWebRoot() {
        return URI.create(uri() + "/dicom-web/");
    }

    public String user() {
        return USER;
    }

    public String password() {
        return password;
    }

    /** The value of an {@code Authorization} header for this server's user. */
    public String authorization() {
        return basic(USER, password);
    }

    /** Orthanc's own log (appended to by every start). */
    public Path logFile() {
        return logFile;
    }

    public Path dir() {
        return dir;
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Stores one file with {@code POST /instances}. */
    public void upload(Path file) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(
                request("/instances")
                        .header("Content-Type", "application/dicom")
                        .POST(HttpRequest.BodyPublishers.ofFile(file))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(
                    "Orthanc answered " + r.statusCode() + " to POST /instances of " + file + ": " + r.body());
        }
    }

    /** Stores every {@code *.dcm} under {@code folder}, in path order; returns how many. */
    public int uploadAll(Path folder) throws IOException, InterruptedException {
        List<Path> files;
        try (Stream<Path> s = Files.walk(folder)) {
            files = s.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().endsWith(".dcm"))
                    .sorted()
                    .toList();
        }
        for (Path f : files) {
            upload(f);
        }
        return files.size();
    }

    /** {@code CountInstances} of {@code GET /statistics}. */
    public long instanceCount() throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(request("/statistics").GET().build(), HttpResponse.BodyHandlers.ofString());
        Matcher m = COUNT_INSTANCES.matcher(r.body());
        if (r.statusCode() != 200 || !m.find()) {
            throw new IllegalStateException("GET /statistics answered " + r.statusCode() + ": " + r.body());
        }
        return Long.parseLong(m.group(1));
    }

    /** Ends the process (SIGTERM to its PID, SIGKILL after 30 s) and waits for it to exit. */
    public void stop() {
        if (process == null) {
            return;
        }
        Process p = process;
        ProcessHandle handle = p.toHandle();
        handle.destroy();
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                handle.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            handle.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    /** Stops and starts again on the same port over the same storage, and waits until it answers. */
    public void restart() throws IOException, InterruptedException {
        stop();
        launch();
    }

    @Override
    public void close() {
        stop();
    }

    private void launch() throws IOException, InterruptedException {
        process = new ProcessBuilder(EXECUTABLE.toString(), "--logfile=" + logFile, config.toString())
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(consoleFile.toFile()))
                .start();
        try {
            awaitReady();
        } catch (IOException | InterruptedException | RuntimeException | Error e) {
            stop();
            throw e;
        }
    }

    /** Polls {@code GET /system} until it answers 200; fails at once if the process exits. */
    private void awaitReady() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + READY_WITHIN.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Orthanc exited with " + process.exitValue() + " while starting on "
                        + uri() + "\n" + diagnostics());
            }
            try {
                HttpResponse<String> r = http.send(
                        request("/system").timeout(Duration.ofSeconds(2)).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
                last = "HTTP " + r.statusCode();
            } catch (ConnectException | HttpTimeoutException notYet) {
                last = notYet.toString();
            } catch (IOException closed) {
                last = closed.toString(); // e.g. a connection reset while it binds
            }
            Thread.sleep(POLL.toMillis());
        }
        throw new IllegalStateException("Orthanc did not answer GET /system on " + uri() + " within " + READY_WITHIN
                + " (last: " + last + ")\n" + diagnostics());
    }

    private String diagnostics() throws IOException {
        return "console " + consoleFile + ":\n" + tail(consoleFile) + "\nlog " + logFile + ":\n" + tail(logFile);
    }

    private static String tail(Path file) throws IOException {
        if (!Files.exists(file)) {
            return "(none)";
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(uri() + path))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", authorization());
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static String json(Path p) {
        return "\"" + p.toAbsolutePath().toString().replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
