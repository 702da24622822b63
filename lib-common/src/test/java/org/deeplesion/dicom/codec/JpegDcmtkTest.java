package org.deeplesion.dicom.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Arrays;
import org.deeplesion.dicom.codec.Dcmtk.Format;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * JpegDecoder and JpegLosslessEncoder against dcmtk (IJG libjpeg inside): streams dcmcjpeg writes must decode to
 * exactly what dcmdjpeg decodes, and streams we write must decode in dcmdjpeg to the original samples. DCT
 * results are compared for exact equality: our IDCT reproduces IJG's islow arithmetic.
 */
class JpegDcmtkTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "predictor {0}")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7})
    void losslessPredictorsDecodeToTheOriginal16BitCt(int predictor) throws Exception {
        Dcmtk dcmtk = Dcmtk.in(dir);
        int[] ct = TestImages.ct(512, 512, 16, predictor);
        Format format = Format.gray(512, 512, 16, 16);
        Path compressed =
                dcmtk.convert("dcmcjpeg", dcmtk.uncompressed(ct, format), "+el", "+sv", Integer.toString(predictor));

        DecodedFrame frame = JpegDecoder.decode(dcmtk.frame(compressed));

        assertThat(frame.precision()).isEqualTo(16);
        assertThat(frame.samples()).isEqualTo(ct);
    }

    @Test
    void selectionValue1OfOddSizeDecodesToTheOriginal() throws Exception {
        Dcmtk dcmtk = Dcmtk.in(dir);
        int[] ct = TestImages.ct(37, 23, 16, 2);
        Path compressed = dcmtk.convert("dcmcjpeg", dcmtk.uncompressed(ct, Format.gray(37, 23, 16, 16)), "+e1");

        assertThat(JpegDecoder.decode(dcmtk.frame(compressed)).samples()).isEqualTo(ct);
    }

    @Test
    void fullRangeNoiseWithCategory16DecodesToTheOriginal() throws Exception {
        Dcmtk dcmtk = Dcmtk.in(dir);
        int[] noise = TestImages.noise(128 * 128, 16, 9);
        Path compressed = dcmtk.convert("dcmcjpeg", dcmtk.uncompressed(noise, Format.gray(128, 128, 16, 16)), "+e1");

        assertThat(JpegDecoder.decode(dcmtk.frame(compressed)).samples()).isEqualTo(noise);
    }

    @Test
    void pointTransformMatchesDcmdjpeg() throws Exception {
        Dcmtk dcmtk = Dcmtk.in(dir);
        Format format = Format.gray(64, 80, 16, 16);
        Path compressed = dcmtk.convert(
                "dcmcjpeg", dcmtk.uncompressed(TestImages.ct(64, 80, 16, 3), format), "+el", "+sv", "1", "+pt", "3");
        int[] reference = dcmtk.pixels(dcmtk.convert("dcmdjpeg", compressed), format);

        DecodedFrame frame = JpegDecoder.decode(dcmtk.frame(compressed));

        assertThat(frame.samples()).isEqualTo(reference);
        assertThat(Arrays.stream(frame.samples()).filter(v -> v % 8 != 0))
                .as("samples scaled by 2^3")
                .isEmpty();
    }

    @ParameterizedTest(name = "{0}x{1}")
    @CsvSource({"512, 512", "37, 23"})
    void extended12BitDctMatchesDcmdjpegExactly(int rows, int columns) throws Exception {
        Dcmtk dcmtk = Dcmtk.in(dir);
        Format format = Format.gray(rows, columns, 16, 12);
        Path compressed =
                dcmtk.convert("dcmcjpeg", dcmtk.uncompressed(TestImages.ct(rows, columns, 12, 4), format), "+ee");
        int[] reference = dcmtk.pixels(dcmtk.convert("dcmdjpeg", compressed), format);

        DecodedFrame frame = JpegDecoder.decode(dcmtk.frame(compressed));

        assertThat(frame.precision()).isEqualTo(12);
        assertThat(frame.samples()).isEqualTo(reference);
    }

    @ParameterizedTest(name = "{0} {1}x{2} quality {3}")
    @CsvSource({"+eb, 512, 512, 90", "+eb, 37, 23, 50", "+ee, 512, 512, 95", "+ee, 23, 37, 75"})
    void eightBitDctMatchesDcmdjpegExactly(String process, int rows, int columns, int quality) throws Exception {
        Dcmtk dcmtk = Dcmtk.in(dir);
        Format format = Format.gray(rows, columns, 8, 8);
        Path compressed = dcmtk.convert(
                "dcmcjpeg",
                dcmtk.uncompressed(TestImages.windowed8(rows, columns, 5), format),
                process,
                "+q",
                Integer.toString(quality));
        int[] reference = dcmtk.pixels(dcmtk.convert("dcmdjpeg", compressed), format);

        DecodedFrame frame = JpegDecoder.decode(dcmtk.frame(compressed));

        assertThat(frame.precision()).isEqualTo(8);
        assertThat(frame.samples()).isEqualTo(reference);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"+eb, +s2", "+eb, +s4", "+eb, +n1", "+ee, +s4"})
    void colourDctMatchesDcmdjpegWithoutColourConversion(String process, String sampling) throws Exception {
        Dcmtk dcmtk = Dcmtk.in(dir);
        Format format = Format.rgb(37, 53);
        Path compressed =
                dcmtk.convert("dcmcjpeg", dcmtk.uncompressed(TestImages.rgb(37, 53, 6), format), process, sampling);
        // +cn keeps YCbCr, as our decoder does; +px keeps the samples interleaved.
        int[] reference = dcmtk.pixels(dcmtk.convert("dcmdjpeg", compressed, "+cn", "+px"), format);

        DecodedFrame frame = JpegDecoder.decode(dcmtk.frame(compressed));

        assertThat(frame.samplesPerPixel()).isEqualTo(3);
        assertThat(frame.samples()).isEqualTo(reference);
    }

    @Test
    void losslessColourDecodesToTheOriginal() throws Exception {
        Dcmtk dcmtk = Dcmtk.in(dir);
        int[] rgb = TestImages.rgb(37, 53, 7);
        Path compressed = dcmtk.convert("dcmcjpeg", dcmtk.uncompressed(rgb, Format.rgb(37, 53)), "+el", "+sv", "7");

        assertThat(JpegDecoder.decode(dcmtk.frame(compressed)).samples()).isEqualTo(rgb);
    }

    @ParameterizedTest(name = "{0}-bit {1}x{2}")
    @CsvSource({"16, 512, 512", "12, 512, 512", "8, 512, 512", "16, 37, 23", "12, 23, 37", "8, 37, 23"})
    void dcmdjpegDecodesOurLosslessOutputToTheOriginal(int precision, int rows, int columns) throws Exception {
        Dcmtk dcmtk = Dcmtk.in(dir);
        int[] samples =
                precision == 8 ? TestImages.windowed8(rows, columns, 8) : TestImages.ct(rows, columns, precision, 8);
        Format format = Format.gray(rows, columns, precision == 8 ? 8 : 16, precision);
        byte[] jpeg = JpegLosslessEncoder.encode(samples, rows, columns, precision);

        Path decoded = dcmtk.convert("dcmdjpeg", dcmtk.encapsulated(jpeg, Dcmtk.JPEG_LOSSLESS_SV1, format));

        assertThat(dcmtk.pixels(decoded, format)).isEqualTo(samples);
    }

    @Test
    void ourHuffmanTableIsTheOptimizedTableIjgBuilds() throws Exception {
        Dcmtk dcmtk = Dcmtk.in(dir);
        int[] ct = TestImages.ct(512, 512, 16, 12);
        byte[] theirs =
                dcmtk.frame(dcmtk.convert("dcmcjpeg", dcmtk.uncompressed(ct, Format.gray(512, 512, 16, 16)), "+e1"));

        byte[] ours = JpegLosslessEncoder.encode(ct, 512, 512, 16);

        assertThat(huffmanSegment(ours)).isEqualTo(huffmanSegment(theirs));
    }

    private static byte[] huffmanSegment(byte[] jpeg) {
        int at = JpegStreams.segmentOffset(jpeg, 0xC4);
        int length = (jpeg[at + 2] & 0xFF) << 8 | (jpeg[at + 3] & 0xFF);
        return Arrays.copyOfRange(jpeg, at, at + 2 + length);
    }

    @Test
    void dcmdjpegDecodesOurFullRangeNoiseWithCategory16() throws Exception {
        Dcmtk dcmtk = Dcmtk.in(dir);
        int[] noise = TestImages.noise(128 * 96, 16, 10);
        Format format = Format.gray(128, 96, 16, 16);
        byte[] jpeg = JpegLosslessEncoder.encode(noise, 128, 96, 16);

        Path decoded = dcmtk.convert("dcmdjpeg", dcmtk.encapsulated(jpeg, Dcmtk.JPEG_LOSSLESS_SV1, format));

        assertThat(dcmtk.pixels(decoded, format)).isEqualTo(noise);
    }

    @Test
    void dcmdjpegDecodesOurRestartIntervals() throws Exception {
        Dcmtk dcmtk = Dcmtk.in(dir);
        int[] ct = TestImages.ct(100, 64, 16, 11);
        Format format = Format.gray(100, 64, 16, 16);
        byte[] jpeg = JpegLosslessEncoder.encode(ct, 100, 64, 16, 5);

        Path decoded = dcmtk.convert("dcmdjpeg", dcmtk.encapsulated(jpeg, Dcmtk.JPEG_LOSSLESS_SV1, format));

        assertThat(dcmtk.pixels(decoded, format)).isEqualTo(ct);
    }
}
