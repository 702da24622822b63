package org.deeplesion.dicom.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** JpegLosslessEncoder against our JpegDecoder and against TwelveMonkeys' independent lossless decoder. */
class JpegLosslessRoundTripTest {

    @ParameterizedTest(name = "{0}-bit {1}x{2}")
    @CsvSource({"16, 512, 512", "12, 512, 512", "8, 512, 512", "16, 37, 23", "12, 23, 37", "8, 37, 23"})
    void ctFrameSurvivesEncodeAndDecodeExactly(int precision, int rows, int columns) throws CodecException {
        int[] samples =
                precision == 8 ? TestImages.windowed8(rows, columns, 1) : TestImages.ct(rows, columns, precision, 1);

        DecodedFrame frame = JpegDecoder.decode(JpegLosslessEncoder.encode(samples, rows, columns, precision));

        assertThat(frame.rows()).isEqualTo(rows);
        assertThat(frame.columns()).isEqualTo(columns);
        assertThat(frame.samplesPerPixel()).isEqualTo(1);
        assertThat(frame.precision()).isEqualTo(precision);
        assertThat(frame.samples()).isEqualTo(samples);
    }

    @ParameterizedTest(name = "precision {0}")
    @ValueSource(ints = {2, 3, 5, 7, 9, 10, 11, 13, 14, 15})
    void fullRangeNoiseSurvivesAtEveryPrecision(int precision) throws CodecException {
        int[] samples = TestImages.noise(61 * 17, precision, precision);

        DecodedFrame frame = JpegDecoder.decode(JpegLosslessEncoder.encode(samples, 61, 17, precision));

        assertThat(frame.samples()).isEqualTo(samples);
    }

    @Test
    void differenceOf32768IsCodedAsCategory16WithoutExtraBits() throws CodecException {
        // 0 then 32768 then 0 again: both steps are differences of exactly 32768 modulo 2^16.
        int[] samples = {0, 32768, 0, 32768, 65535, 32767, 1, 32769};

        DecodedFrame frame = JpegDecoder.decode(JpegLosslessEncoder.encode(samples, 2, 4, 16));

        assertThat(frame.samples()).isEqualTo(samples);
    }

    @Test
    void fullRange16BitNoiseSurvives() throws CodecException {
        int[] samples = TestImages.noise(256 * 256, 16, 7);

        DecodedFrame frame = JpegDecoder.decode(JpegLosslessEncoder.encode(samples, 256, 256, 16));

        assertThat(frame.samples()).isEqualTo(samples);
    }

    @ParameterizedTest(name = "{0}x{1}")
    @CsvSource({"1, 1", "1, 300", "300, 1", "2, 2"})
    void degenerateShapesSurvive(int rows, int columns) throws CodecException {
        int[] samples = TestImages.noise(rows * columns, 16, rows * 1000L + columns);

        DecodedFrame frame = JpegDecoder.decode(JpegLosslessEncoder.encode(samples, rows, columns, 16));

        assertThat(frame.samples()).isEqualTo(samples);
    }

    @ParameterizedTest(name = "every {0} rows")
    @ValueSource(ints = {1, 3, 7, 64})
    void restartIntervalsResetPredictionAndSurvive(int restartRows) throws CodecException {
        int[] samples = TestImages.ct(64, 100, 16, 3);

        byte[] jpeg = JpegLosslessEncoder.encode(samples, 64, 100, 16, restartRows);

        assertThat(containsMarker(jpeg, 0xDD)).isTrue();
        assertThat(JpegDecoder.decode(jpeg).samples()).isEqualTo(samples);
    }

    @Test
    void constantFrameNeedsOneCodeAndSurvives() throws CodecException {
        int[] samples = new int[100 * 100];
        Arrays.fill(samples, 1024);

        byte[] jpeg = JpegLosslessEncoder.encode(samples, 100, 100, 12);

        assertThat(jpeg.length).isLessThan(100 * 100 / 8 + 100);
        assertThat(JpegDecoder.decode(jpeg).samples()).isEqualTo(samples);
    }

    @ParameterizedTest(name = "{0}-bit")
    @ValueSource(ints = {16, 12, 8})
    void twelveMonkeysDecodesOurOutputToTheSameSamples(int precision) throws IOException {
        int[] samples = precision == 8 ? TestImages.windowed8(200, 300, 5) : TestImages.ct(200, 300, precision, 5);

        Raster raster = readWithTwelveMonkeys(JpegLosslessEncoder.encode(samples, 200, 300, precision));

        assertThat(raster.getSamples(0, 0, 300, 200, 0, new int[samples.length]))
                .isEqualTo(samples);
    }

    @Test
    void sampleAbovePrecisionIsRejected() {
        assertThatThrownBy(() -> JpegLosslessEncoder.encode(new int[] {0, 4096}, 1, 2, 12))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sample 1 is 4096");
    }

    @Test
    void precisionOutside2To16IsRejected() {
        assertThatThrownBy(() -> JpegLosslessEncoder.encode(new int[] {0}, 1, 1, 17))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2..16");
    }

    static Raster readWithTwelveMonkeys(byte[] jpeg) throws IOException {
        ImageReader reader = null;
        for (var it = ImageIO.getImageReadersByFormatName("jpeg"); it.hasNext(); ) {
            ImageReader candidate = it.next();
            if (candidate.getClass().getName().startsWith("com.twelvemonkeys")) {
                reader = candidate;
            }
        }
        assertThat(reader).as("TwelveMonkeys JPEG reader on the class path").isNotNull();
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(jpeg))) {
            reader.setInput(in);
            return reader.read(0).getRaster();
        } finally {
            reader.dispose();
        }
    }

    private static boolean containsMarker(byte[] jpeg, int marker) {
        for (int i = 0; i + 1 < jpeg.length; i++) {
            if (jpeg[i] == (byte) 0xFF && jpeg[i + 1] == (byte) marker) {
                return true;
            }
        }
        return false;
    }
}
