package org.deeplesion.dicom.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * JpegDecoder on 8-bit DCT streams from the JDK's IJG-based writer, compared with the JDK's IJG-based reader, and
 * on malformed input. The comparisons with dcmtk (12-bit, lossless predictors) are in {@link JpegDcmtkTest}.
 */
class JpegDecoderTest {

    @ParameterizedTest(name = "{0}x{1} quality {2}")
    @CsvSource({"512, 512, 0.9", "37, 23, 0.75", "23, 37, 1.0", "1, 1, 0.5", "9, 17, 0.3"})
    void grayBaselineMatchesIjgExactly(int rows, int columns, float quality) throws IOException {
        byte[] jpeg =
                JdkJpeg.encode(JdkJpeg.gray(TestImages.windowed8(rows, columns, 11), rows, columns), quality, 0, false);

        DecodedFrame frame = JpegDecoder.decode(jpeg);

        assertThat(frame.precision()).isEqualTo(8);
        assertThat(frame.samplesPerPixel()).isEqualTo(1);
        assertThat(frame.samples()).isEqualTo(JdkJpeg.decodeRaw(jpeg));
    }

    @ParameterizedTest(name = "interval {0}")
    @CsvSource({"1", "7", "64"})
    void restartIntervalsInBaselineMatchIjg(int interval) throws IOException {
        byte[] jpeg = JdkJpeg.encode(JdkJpeg.gray(TestImages.windowed8(100, 90, 12), 100, 90), 0.8f, interval, false);
        assertThat(JpegStreams.markerOffset(jpeg, 0xD0, 0))
                .as("stream has RST0")
                .isPositive();

        assertThat(JpegDecoder.decode(jpeg).samples()).isEqualTo(JdkJpeg.decodeRaw(jpeg));
    }

    @ParameterizedTest(name = "{0}x{1}")
    @CsvSource({"64, 64", "37, 53", "53, 37", "3, 5"})
    void colourWith420SubsamplingMatchesIjgFancyUpsampling(int rows, int columns) throws IOException {
        byte[] jpeg = JdkJpeg.encode(JdkJpeg.rgb(TestImages.rgb(rows, columns, 13), rows, columns), 0.85f, 0, false);
        int sof = JpegStreams.segmentOffset(jpeg, 0xC0);
        assertThat(new int[] {jpeg[sof + 11], jpeg[sof + 14], jpeg[sof + 17]})
                .as("sampling of Y, Cb, Cr")
                .containsExactly(0x22, 0x11, 0x11);

        DecodedFrame frame = JpegDecoder.decode(jpeg);

        assertThat(frame.samplesPerPixel()).isEqualTo(3);
        assertThat(frame.samples()).isEqualTo(JdkJpeg.decodeRaw(jpeg));
    }

    @Test
    void missingSoiIsReported() {
        byte[] jpeg = JpegLosslessEncoder.encode(new int[16], 4, 4, 8);

        assertThatThrownBy(() -> JpegDecoder.decode(Arrays.copyOfRange(jpeg, 2, jpeg.length)))
                .isInstanceOf(CodecException.class)
                .hasMessage("JPEG: missing SOI marker: stream starts with 0xFFC3");
    }

    @Test
    void truncatedEntropyCodedDataIsReportedWithOffset() {
        byte[] jpeg = JpegLosslessEncoder.encode(TestImages.ct(64, 64, 16, 2), 64, 64, 16);
        byte[] truncated = Arrays.copyOf(jpeg, jpeg.length / 2);

        assertThatThrownBy(() -> JpegDecoder.decode(truncated))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("entropy-coded data ends early at offset " + truncated.length)
                .hasMessageContaining("end of input");
    }

    @Test
    void truncatedDctStreamIsReported() throws IOException {
        byte[] jpeg = JdkJpeg.encode(JdkJpeg.gray(TestImages.windowed8(64, 64, 3), 64, 64), 0.9f, 0, false);

        assertThatThrownBy(() -> JpegDecoder.decode(Arrays.copyOf(jpeg, jpeg.length - 100)))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("entropy-coded data ends early");
    }

    @Test
    void segmentLengthBeyondTheDataIsReported() {
        byte[] jpeg = JpegLosslessEncoder.encode(new int[16], 4, 4, 8);
        int dht = JpegStreams.segmentOffset(jpeg, 0xC4);

        assertThatThrownBy(() -> JpegDecoder.decode(Arrays.copyOf(jpeg, dht + 10)))
                .isInstanceOf(CodecException.class)
                .hasMessageMatching("JPEG: DHT segment at offset " + dht + " claims \\d+ bytes but only 8 remain");
    }

    @Test
    void missingHuffmanTableIsReported() {
        byte[] jpeg = JpegStreams.withoutSegment(JpegLosslessEncoder.encode(new int[16], 4, 4, 8), 0xC4);
        int sos = JpegStreams.segmentOffset(jpeg, 0xDA);

        assertThatThrownBy(() -> JpegDecoder.decode(jpeg))
                .isInstanceOf(CodecException.class)
                .hasMessage("JPEG: Huffman table 0 referenced by component 1 in the scan at offset " + sos
                        + " was never defined");
    }

    @Test
    void missingQuantizationTableIsReported() throws IOException {
        byte[] jpeg = JpegStreams.withoutSegment(JdkJpeg.encode(JdkJpeg.gray(new int[64], 8, 8), 0.9f, 0, false), 0xDB);

        assertThatThrownBy(() -> JpegDecoder.decode(jpeg))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("quantization table 0 used by component 1 was never defined");
    }

    @Test
    void progressiveSof2IsRejectedByName() throws IOException {
        byte[] jpeg = JdkJpeg.encode(JdkJpeg.gray(TestImages.windowed8(32, 32, 4), 32, 32), 0.9f, 0, true);
        int sof2 = JpegStreams.segmentOffset(jpeg, 0xC2);

        assertThatThrownBy(() -> JpegDecoder.decode(jpeg))
                .isInstanceOf(CodecException.class)
                .hasMessage("JPEG: unsupported SOF2 (progressive DCT, Huffman) at offset " + sof2);
    }

    @Test
    void arithmeticCodingSof9IsRejectedByName() throws IOException {
        byte[] baseline = JdkJpeg.encode(JdkJpeg.gray(new int[64], 8, 8), 0.9f, 0, false);
        int sof0 = JpegStreams.segmentOffset(baseline, 0xC0);

        assertThatThrownBy(() -> JpegDecoder.decode(JpegStreams.withByte(baseline, sof0 + 1, 0xC9)))
                .isInstanceOf(CodecException.class)
                .hasMessage("JPEG: unsupported SOF9 (sequential DCT, arithmetic coding) at offset " + sof0);
    }

    @Test
    void invalidHuffmanCodeIsReported() {
        byte[] jpeg = JpegLosslessEncoder.encode(TestImages.ct(16, 16, 12, 5), 16, 16, 12);
        // Sixteen 1-bits: Annex K.2 keeps the all-ones code free, so no table can decode them.
        byte[] corrupt = JpegStreams.inserted(
                jpeg, JpegStreams.entropyStart(jpeg), (byte) 0xFF, (byte) 0x00, (byte) 0xFF, (byte) 0x00);

        assertThatThrownBy(() -> JpegDecoder.decode(corrupt))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("invalid Huffman code")
                .hasMessageContaining("column 0 of row 0 of the lossless scan");
    }

    @Test
    void wrongRestartMarkerIsReported() {
        byte[] jpeg = JpegLosslessEncoder.encode(TestImages.ct(16, 16, 12, 5), 16, 16, 12, 4);
        int rst1 = JpegStreams.markerOffset(jpeg, 0xD1, 0);

        assertThatThrownBy(() -> JpegDecoder.decode(JpegStreams.withByte(jpeg, rst1 + 1, 0xD5)))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("expected marker RST1 at offset " + rst1 + " but found marker 0xFFD5");
    }

    @Test
    void frameTooLargeForTheInputIsRejectedBeforeAllocating() {
        byte[] jpeg = JpegLosslessEncoder.encode(new int[16], 4, 4, 16);
        int sof = JpegStreams.segmentOffset(jpeg, 0xC3);
        byte[] huge = JpegStreams.withByte(
                JpegStreams.withByte(
                        JpegStreams.withByte(JpegStreams.withByte(jpeg, sof + 5, 0xFF), sof + 6, 0xFF), sof + 7, 0xFF),
                sof + 8,
                0xFF);

        assertThatThrownBy(() -> JpegDecoder.decode(huge))
                .isInstanceOf(CodecException.class)
                .hasMessage("JPEG: lossless frame of 65535x65535x1 samples declared at offset " + sof
                        + " cannot be coded in " + jpeg.length + " bytes");
    }

    @Test
    void predictorOutside1To7IsRejected() {
        byte[] jpeg = JpegLosslessEncoder.encode(new int[16], 4, 4, 16);
        int sos = JpegStreams.segmentOffset(jpeg, 0xDA);

        assertThatThrownBy(() -> JpegDecoder.decode(JpegStreams.withByte(jpeg, sos + 7, 0)))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("selects predictor 0");
    }

    @Test
    void overfullHuffmanTableIsRejected() {
        byte[] jpeg = JpegLosslessEncoder.encode(TestImages.ct(16, 16, 12, 5), 16, 16, 12);
        int counts = JpegStreams.segmentOffset(jpeg, 0xC4) + 5;
        // Claim all of the table's symbols have 1-bit codes: only two such codes exist.
        int total = 0;
        for (int i = 0; i < 16; i++) {
            total += jpeg[counts + i];
            jpeg[counts + i] = 0;
        }
        jpeg[counts] = (byte) total;

        assertThatThrownBy(() -> JpegDecoder.decode(jpeg))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("Huffman DC table 0 (DHT at offset " + (counts - 5)
                        + ") defines more codes of length 1 than the code space holds");
    }

    @Test
    void missingEoiIsAcceptedOnceEveryScanIsComplete() throws CodecException {
        int[] samples = TestImages.ct(20, 30, 16, 8);
        byte[] jpeg = JpegLosslessEncoder.encode(samples, 20, 30, 16);

        DecodedFrame frame = JpegDecoder.decode(Arrays.copyOf(jpeg, jpeg.length - 2));

        assertThat(frame.samples()).isEqualTo(samples);
    }
}
