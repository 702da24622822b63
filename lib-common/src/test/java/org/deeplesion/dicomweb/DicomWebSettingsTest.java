package org.deeplesion.dicomweb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DicomWebSettingsTest {

    private static final URI BASE = URI.create("https://pacs.example.org:8443/dicom-web");

    @Test
    void ofHasTheDocumentedDefaults() {
        DicomWebSettings s = DicomWebSettings.of(BASE, DicomWebAuth.none());

        assertThat(s.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(s.requestTimeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(s.maxAttempts()).isEqualTo(6);
        assertThat(s.firstBackoff()).isEqualTo(Duration.ofMillis(500));
        assertThat(s.maxBackoff()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.caFile()).isNull();
    }

    @Test
    void settingsSurviveJavaSerializationAsSparkShipsThem() throws Exception {
        DicomWebSettings s =
                DicomWebSettings.of(BASE, DicomWebAuth.basic("harvest", "pw")).withCaFile("/etc/site-ca.pem");

        assertThat(roundTrip(s)).isEqualTo(s);
        DicomWebSettings bearer = DicomWebSettings.of(BASE, DicomWebAuth.bearer("t0ken"));
        assertThat(roundTrip(bearer)).isEqualTo(bearer);
        assertThat(roundTrip(DicomWebSettings.of(BASE, DicomWebAuth.none())).auth())
                .isEqualTo(DicomWebAuth.none());
    }

    @Test
    void toStringShowsNoSecret() {
        assertThat(DicomWebSettings.of(BASE, DicomWebAuth.basic("harvest", "pw-9f8e"))
                        .toString())
                .contains("harvest")
                .contains(BASE.toString())
                .doesNotContain("pw-9f8e");
        assertThat(DicomWebSettings.of(BASE, DicomWebAuth.bearer("eyJhbGciOi.x.y"))
                        .toString())
                .doesNotContain("eyJhbGciOi");
        assertThat(DicomWebAuth.basic("u", "hunter2").toString()).doesNotContain("hunter2");
    }

    @Test
    void aBaseUrlWithCredentialsIsRefusedWithoutRepeatingThem() {
        assertThatThrownBy(() -> DicomWebSettings.of(
                        URI.create("http://admin:hunter2@pacs:8042/dicom-web"), DicomWebAuth.none()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("credentials")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void aBaseUrlMustBeHttpOrHttpsWithAHost() {
        assertThatThrownBy(() -> DicomWebSettings.of(URI.create("ftp://pacs/dicom-web"), DicomWebAuth.none()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DicomWebSettings.of(URI.create("/dicom-web"), DicomWebAuth.none()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DicomWebSettings.of(URI.create("http://pacs/dicom-web?x=1"), DicomWebAuth.none()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void retriesNeedAtLeastOneAttemptAndOrderedBackoff() {
        DicomWebSettings s = DicomWebSettings.of(BASE, DicomWebAuth.none());

        assertThatThrownBy(() -> s.withRetries(0, Duration.ZERO, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> s.withRetries(3, Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aBasicUserNameCannotHoldAColon() {
        assertThatThrownBy(() -> DicomWebAuth.basic("a:b", "pw"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("pw");
    }

    private static DicomWebSettings roundTrip(DicomWebSettings s) throws IOException, ClassNotFoundException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(s);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (DicomWebSettings) in.readObject();
        }
    }
}
