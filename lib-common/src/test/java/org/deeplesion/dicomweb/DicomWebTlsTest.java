package org.deeplesion.dicomweb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS against a server whose certificate only a site CA file vouches for (made here with the JDK's keytool). */
class DicomWebTlsTest {

    private static final char[] PASSWORD = "changeit".toCharArray();

    @TempDir
    static Path dir;

    private static Path caPem;
    private static LoopbackServer server;

    private final List<Duration> waits = Collections.synchronizedList(new ArrayList<>());

    @BeforeAll
    static void startServer() throws Exception {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        assumeTrue(Files.isExecutable(keytool), "the JDK's keytool");
        Path keystore = dir.resolve("server.p12");
        caPem = dir.resolve("site-ca.pem");
        run(
                keytool.toString(),
                "-genkeypair",
                "-alias",
                "pacs",
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                "CN=127.0.0.1",
                "-ext",
                "san=ip:127.0.0.1",
                "-validity",
                "2",
                "-storetype",
                "PKCS12",
                "-keystore",
                keystore.toString(),
                "-storepass",
                "changeit",
                "-keypass",
                "changeit");
        run(
                keytool.toString(),
                "-exportcert",
                "-rfc",
                "-alias",
                "pacs",
                "-keystore",
                keystore.toString(),
                "-storepass",
                "changeit",
                "-file",
                caPem.toString());

        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            ks.load(in, PASSWORD);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, PASSWORD);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, null);
        server = LoopbackServer.https(
                context,
                (exchange, n) -> LoopbackServer.respondJson(
                        exchange, "[{\"0020000E\":{\"vr\":\"UI\",\"Value\":[\"1.2.3.4\"]}}]"));
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
    }

    private DicomWebSettings settings() {
        return DicomWebSettings.of(server.url("/dicom-web"), DicomWebAuth.bearer("tls-token"))
                .withRetries(3, Duration.ofMillis(1), Duration.ofMillis(1));
    }

    @Test
    void aServerSignedByTheSiteCaIsTrustedWithTheCaFile() throws Exception {
        try (DicomWebClient client = new DicomWebClient(settings().withCaFile(caPem.toString()), waits::add)) {
            List<DicomJson> series = client.searchSeries("1.2.3");

            assertThat(series)
                    .singleElement()
                    .extracting(s -> s.string("0020000E"))
                    .isEqualTo("1.2.3.4");
        }
    }

    @Test
    void withoutTheCaFileTheCertificateIsRefusedAtOnce() {
        int before = server.requests().size();
        try (DicomWebClient client = new DicomWebClient(settings(), waits::add)) {
            assertThatThrownBy(() -> client.searchSeries("1.2.3"))
                    .isInstanceOf(IOException.class)
                    .hasMessageStartingWith("DICOMweb GET " + server.url("/dicom-web/studies/1.2.3/series"))
                    .hasMessageNotContaining("tls-token");
        }
        assertThat(waits).as("a certificate failure is not retried").isEmpty();
        assertThat(server.requests()).hasSize(before);
    }

    @Test
    void aMissingCaFileIsNamed() {
        String missing = dir.resolve("no-such-ca.pem").toString();

        assertThatThrownBy(() -> new DicomWebClient(settings().withCaFile(missing)))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining(missing);
    }
}
