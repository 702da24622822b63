package org.deeplesion.dicom.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.jaiimageio.jpeg2000.J2KImageWriteParam;
import com.github.jaiimageio.jpeg2000.impl.J2KImageWriter;
import com.github.jaiimageio.jpeg2000.impl.J2KImageWriterSpi;
import java.awt.image.DataBuffer;
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import javax.imageio.IIOImage;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Jpeg2000CodecTest {

    @ParameterizedTest(name = "{0}-bit signed={1} {2}x{3}")
    @CsvSource({
        "16, false, 512, 512",
        "16, true, 512, 512",
        "12, false, 512, 512",
        "12, true, 512, 512",
        "8, false, 37, 23",
        "12, true, 23, 37"
    })
    void losslessRoundTripIsExact(int precision, boolean signed, int rows, int columns) throws CodecException {
        int[] samples = signed
                ? TestImages.signedCt(rows, columns, precision, 1)
                : precision == 8 ? TestImages.windowed8(rows, columns, 1) : TestImages.ct(rows, columns, precision, 1);

        DecodedFrame frame =
                Jpeg2000Codec.decode(Jpeg2000Codec.encodeLossless(samples, rows, columns, precision, signed));

        assertThat(frame.rows()).isEqualTo(rows);
        assertThat(frame.columns()).isEqualTo(columns);
        assertThat(frame.precision()).isEqualTo(precision);
        assertThat(frame.samples()).isEqualTo(samples);
    }

    @Test
    void sizSegmentStatesPrecisionAndSignedness() {
        byte[] j2k = Jpeg2000Codec.encodeLossless(TestImages.signedCt(16, 16, 12, 2), 16, 16, 12, true);

        // Ssiz of component 0: bit 7 signed, low bits precision - 1.
        assertThat(j2k[42] & 0xFF).isEqualTo(0x80 | 11);
    }

    @Test
    void signedEncodingIsTheCodestreamJj2000WritesForSignedRasters() throws IOException {
        int[] patterns = TestImages.signedCt(64, 48, 16, 3);
        WritableRaster signed = Raster.createWritableRaster(
                new PixelInterleavedSampleModel(DataBuffer.TYPE_SHORT, 48, 64, 1, 48, new int[] {0}), null);
        signed.setSamples(
                0, 0, 48, 64, 0, Arrays.stream(patterns).map(v -> (short) v).toArray());

        byte[] reference = writeWithJai(signed, true);

        assertThat(Jpeg2000Codec.encodeLossless(patterns, 64, 48, 16, true)).isEqualTo(reference);
    }

    @Test
    void sampleSignExtendedOrAsBitPatternEncodesTheSame() {
        int[] patterns = TestImages.signedCt(16, 16, 12, 4);
        int[] extended = Arrays.stream(patterns).map(v -> v << 20 >> 20).toArray();

        assertThat(Jpeg2000Codec.encodeLossless(extended, 16, 16, 12, true))
                .isEqualTo(Jpeg2000Codec.encodeLossless(patterns, 16, 16, 12, true));
    }

    @Test
    void jp2FileDecodesLikeItsCodestream() throws IOException {
        int[] ct = TestImages.ct(40, 30, 16, 5);
        WritableRaster raster = Raster.createWritableRaster(
                new PixelInterleavedSampleModel(DataBuffer.TYPE_USHORT, 30, 40, 1, 30, new int[] {0}), null);
        raster.setSamples(0, 0, 30, 40, 0, ct);

        byte[] jp2 = writeWithJai(raster, false);

        assertThat(jp2[4]).as("starts with the JP2 signature box").isEqualTo((byte) 'j');
        assertThat(Jpeg2000Codec.decode(jp2).samples()).isEqualTo(ct);
    }

    /**
     * jai's encoder quantizes the 9/7 subbands with a fixed base step of 1/128 of the nominal range, which it does
     * not let callers change, so quality stops improving near 1 bit per pixel: about 15 units RMS on 12-bit CT
     * (0.4 % of the range) and 50 on 16-bit (0.08 %). The tolerance is 0.5 % of the range.
     */
    @ParameterizedTest(name = "{0}-bit at {1} bpp")
    @CsvSource({"12, 0.5", "12, 1.0", "16, 1.0"})
    void lossyDecodeStaysWithinHalfAPercentOfTheRange(int precision, double bitsPerPixel) throws CodecException {
        int[] ct = TestImages.ct(512, 512, precision, 6);

        byte[] j2k = Jpeg2000Codec.encodeLossy(ct, 512, 512, precision, false, bitsPerPixel);
        int[] decoded = Jpeg2000Codec.decode(j2k).samples();

        double squares = 0;
        for (int i = 0; i < ct.length; i++) {
            squares += Math.pow(ct[i] - decoded[i], 2);
        }
        assertThat(Math.sqrt(squares / ct.length)).isLessThan(0.005 * (1 << precision));
        assertThat(j2k.length * 8.0 / ct.length).isLessThan(bitsPerPixel * 1.1);
    }

    @Test
    void truncatedCodestreamIsReported() {
        byte[] j2k = Jpeg2000Codec.encodeLossless(TestImages.ct(64, 64, 16, 7), 64, 64, 16, false);

        assertThatThrownBy(() -> Jpeg2000Codec.decode(Arrays.copyOf(j2k, j2k.length / 2)))
                .isInstanceOf(CodecException.class)
                .hasMessageMatching("JPEG 2000: tile-part at offset \\d+ claims \\d+ bytes but \\d+ remain "
                        + "\\(truncated codestream\\)");
    }

    @Test
    void truncatedMainHeaderIsReported() {
        byte[] j2k = Jpeg2000Codec.encodeLossless(TestImages.ct(64, 64, 16, 7), 64, 64, 16, false);

        assertThatThrownBy(() -> Jpeg2000Codec.decode(Arrays.copyOf(j2k, 30)))
                .isInstanceOf(CodecException.class)
                .hasMessage("JPEG 2000: codestream ends at offset 30 where offset 40 was needed (truncated header)");
    }

    @Test
    void dataThatIsNotJpeg2000IsReported() {
        byte[] jpeg = JpegLosslessEncoder.encode(new int[16], 4, 4, 8);

        assertThatThrownBy(() -> Jpeg2000Codec.decode(jpeg))
                .isInstanceOf(CodecException.class)
                .hasMessage("JPEG 2000: data starts with neither a codestream (SOC marker 0xFF4F) nor a JP2 "
                        + "signature box");
    }

    @Test
    void corruptCodingStyleIsReportedAsCodecException() {
        byte[] j2k = Jpeg2000Codec.encodeLossless(TestImages.ct(64, 64, 12, 8), 64, 64, 12, false);
        int cod = 4 + 0x29; // SOC, SIZ of one component; then COD: marker, Lcod, Scod, SGcod (4), SPcod
        byte[] corrupt = Arrays.copyOf(j2k, j2k.length);
        corrupt[cod + 9] = (byte) 0xEE; // number of decomposition levels

        assertThatThrownBy(() -> Jpeg2000Codec.decode(corrupt))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("JPEG 2000: decoding failed")
                .hasMessageContaining("decomposition levels");
    }

    @Test
    void plainErrorFromJj2000BecomesCodecException() {
        byte[] j2k = Jpeg2000Codec.encodeLossless(TestImages.ct(64, 64, 12, 8), 64, 64, 12, false);
        int scod = 4 + 0x29 + 4; // Scod of the COD segment after SIZ
        byte[] corrupt = Arrays.copyOf(j2k, j2k.length);
        corrupt[scod] = 0x04; // announces EPH markers the packets don't have

        assertThatThrownBy(() -> Jpeg2000Codec.decode(corrupt))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("Could not parse EPH marker");
    }

    @Test
    void sampleOutsideThePrecisionIsRejected() {
        assertThatThrownBy(() -> Jpeg2000Codec.encodeLossless(new int[] {0, 4096}, 1, 2, 12, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("sample 1 is 4096, outside 0..4095");
    }

    private static byte[] writeWithJai(Raster raster, boolean codestreamOnly) throws IOException {
        J2KImageWriter writer = new J2KImageWriter(new J2KImageWriterSpi());
        J2KImageWriteParam param = new J2KImageWriteParam();
        param.setWriteCodeStreamOnly(codestreamOnly);
        param.setLossless(true);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(raster, null, null), param);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }
}
