package org.deeplesion.dicom.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.deeplesion.dicom.codec.Dcmtk.Format;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RleCodecTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}x{1}, {2} samples of {3} bits")
    @CsvSource({
        "512, 512, 1, 16",
        "37, 23, 1, 16",
        "37, 23, 1, 8",
        "512, 512, 1, 8",
        "37, 23, 3, 8",
        "23, 37, 3, 16",
        "17, 9, 1, 32",
        "17, 9, 3, 32"
    })
    void framesSurviveEncodeAndDecode(int rows, int columns, int samplesPerPixel, int bitsAllocated)
            throws CodecException {
        int[] samples = samples(rows, columns, samplesPerPixel, bitsAllocated);

        byte[] rle = RleCodec.encode(samples, rows, columns, samplesPerPixel, bitsAllocated);
        DecodedFrame frame = RleCodec.decode(rle, rows, columns, samplesPerPixel, bitsAllocated);

        assertThat(rle.length % 2).isZero();
        assertThat(frame.precision()).isEqualTo(bitsAllocated);
        assertThat(frame.samples()).isEqualTo(samples);
    }

    @Test
    void handMadeLiteralAndReplicateRunsDecodeToKnownBytes() throws CodecException {
        byte[] rle = header(1, 64);
        rle = concat(rle, new byte[] {
            2,
            'a',
            'b',
            'c', // literal run of 3
            -3,
            'x', // replicate 'x' 4 times
            (byte) 0x80, // no-op
            0,
            'z', // literal run of 1
            0 // padding to even length
        });

        DecodedFrame frame = RleCodec.decode(rle, 2, 4, 1, 8);

        assertThat(frame.samples()).containsExactly('a', 'b', 'c', 'x', 'x', 'x', 'x', 'z');
    }

    @Test
    void sixteenBitSamplesTakeTheirHighByteFromTheFirstSegment() throws CodecException {
        byte[] msb = {-1, 0x12}; // 0x12 twice
        byte[] lsb = {1, 0x34, 0x56};
        byte[] rle = concat(header(2, 64, 64 + msb.length), msb, lsb, new byte[1]);

        DecodedFrame frame = RleCodec.decode(rle, 1, 2, 1, 16);

        assertThat(frame.samples()).containsExactly(0x1234, 0x1256);
    }

    @Test
    void threeSamplesTakeOneSegmentEachInOrder() throws CodecException {
        byte[] red = {-1, 10};
        byte[] green = {-1, 20};
        byte[] blue = {1, 30, 31};
        byte[] rle = concat(header(3, 64, 66, 68), red, green, blue);

        DecodedFrame frame = RleCodec.decode(rle, 1, 2, 3, 8);

        assertThat(frame.samples()).containsExactly(10, 20, 30, 10, 20, 31);
    }

    @Test
    void segmentOffsetBeyondTheTruncatedFrameIsReported() {
        byte[] rle = RleCodec.encode(samples(16, 16, 1, 16), 16, 16, 1, 16);
        byte[] truncated = Arrays.copyOf(rle, 80);

        assertThatThrownBy(() -> RleCodec.decode(truncated, 16, 16, 1, 16))
                .isInstanceOf(CodecException.class)
                .hasMessageMatching(
                        "RLE: segment 1 spans offsets 64\\.\\.\\d+, outside the header's end \\(64\\) \\.\\. "
                                + "frame length \\(80\\)");
    }

    @Test
    void segmentEndingBeforeItsBytesAreCompleteIsReported() {
        byte[] rle = RleCodec.encode(samples(16, 16, 1, 8), 16, 16, 1, 8);

        assertThatThrownBy(() -> RleCodec.decode(Arrays.copyOf(rle, 100), 16, 16, 1, 8))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("RLE: literal run of");
    }

    @Test
    void segmentRunningOutOfBytesIsReported() {
        byte[] rle = concat(header(1, 64), new byte[] {-127, 7});

        assertThatThrownBy(() -> RleCodec.decode(rle, 16, 16, 1, 8))
                .isInstanceOf(CodecException.class)
                .hasMessage("RLE: segment 1 (offsets 64..66) ends after 128 of 256 bytes");
    }

    @Test
    void runReachingPastTheFrameIsCutAtItsEnd() throws CodecException {
        byte[] rle = concat(header(1, 64), new byte[] {-127, 7});

        assertThat(RleCodec.decode(rle, 1, 3, 1, 8).samples()).containsExactly(7, 7, 7);
    }

    @Test
    void segmentCountNotMatchingTheFormatIsReported() {
        byte[] rle = RleCodec.encode(samples(4, 4, 1, 8), 4, 4, 1, 8);

        assertThatThrownBy(() -> RleCodec.decode(rle, 4, 4, 1, 16))
                .isInstanceOf(CodecException.class)
                .hasMessage("RLE: header declares 1 segments, but 1 samples of 16 bits need 2");
    }

    @Test
    void frameShorterThanTheHeaderIsReported() {
        assertThatThrownBy(() -> RleCodec.decode(new byte[10], 4, 4, 1, 8))
                .isInstanceOf(CodecException.class)
                .hasMessage("RLE: frame of 10 bytes is shorter than the 64-byte header");
    }

    @Test
    void constantRowsCompressToReplicateRuns() {
        int[] samples = new int[512 * 512];
        Arrays.fill(samples, 1024);

        byte[] rle = RleCodec.encode(samples, 512, 512, 1, 16);

        // Each row of each segment: 4 replicate runs of 128.
        assertThat(rle.length).isEqualTo(64 + 2 * 512 * 4 * 2);
    }

    @ParameterizedTest(name = "{0}x{1}, {2} samples of {3} bits")
    @CsvSource({"512, 512, 1, 16", "37, 23, 1, 8", "37, 23, 3, 8", "23, 37, 3, 16"})
    void dcmtkRleDecodesToTheSamePixelsAsOurs(int rows, int columns, int samplesPerPixel, int bitsAllocated)
            throws Exception {
        Dcmtk dcmtk = Dcmtk.in(dir);
        int[] samples = samples(rows, columns, samplesPerPixel, bitsAllocated);
        Format format = new Format(rows, columns, samplesPerPixel, bitsAllocated, bitsAllocated, false);
        Path compressed = dcmtk.convert("dcmcrle", dcmtk.uncompressed(samples, format));

        DecodedFrame frame = RleCodec.decode(dcmtk.frame(compressed), rows, columns, samplesPerPixel, bitsAllocated);

        assertThat(frame.samples()).isEqualTo(samples);
    }

    @ParameterizedTest(name = "{0}x{1}, {2} samples of {3} bits")
    @CsvSource({"512, 512, 1, 16", "37, 23, 1, 8", "37, 23, 3, 8", "23, 37, 3, 16"})
    void dcmdrleDecodesOurOutputToTheOriginal(int rows, int columns, int samplesPerPixel, int bitsAllocated)
            throws Exception {
        Dcmtk dcmtk = Dcmtk.in(dir);
        int[] samples = samples(rows, columns, samplesPerPixel, bitsAllocated);
        Format format = new Format(rows, columns, samplesPerPixel, bitsAllocated, bitsAllocated, false);
        byte[] rle = RleCodec.encode(samples, rows, columns, samplesPerPixel, bitsAllocated);

        Path decoded = dcmtk.convert("dcmdrle", dcmtk.encapsulated(rle, Dcmtk.RLE_LOSSLESS, format));

        assertThat(dcmtk.pixels(decoded, format)).isEqualTo(samples);
    }

    /** CT for one sample, noisy colour for three; 32-bit samples span the whole int range. */
    private static int[] samples(int rows, int columns, int samplesPerPixel, int bitsAllocated) {
        if (bitsAllocated == 32) {
            Random random = new Random(rows * 31L + samplesPerPixel);
            int[] v = new int[rows * columns * samplesPerPixel];
            for (int i = 0; i < v.length; i++) {
                v[i] = i % 7 == 0 ? -1 : random.nextInt();
            }
            return v;
        }
        if (samplesPerPixel == 3) {
            int[] rgb = TestImages.rgb(rows, columns, 3);
            if (bitsAllocated == 16) {
                for (int i = 0; i < rgb.length; i++) {
                    rgb[i] = rgb[i] * 257;
                }
            }
            return rgb;
        }
        return bitsAllocated == 8 ? TestImages.windowed8(rows, columns, 3) : TestImages.ct(rows, columns, 16, 3);
    }

    private static byte[] header(int segments, int... offsets) {
        byte[] h = new byte[64];
        writeInt(h, 0, segments);
        for (int i = 0; i < offsets.length; i++) {
            writeInt(h, 4 + 4 * i, offsets[i]);
        }
        return h;
    }

    private static void writeInt(byte[] b, int at, int v) {
        b[at] = (byte) v;
        b[at + 1] = (byte) (v >> 8);
        b[at + 2] = (byte) (v >> 16);
        b[at + 3] = (byte) (v >> 24);
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] p : parts) {
            length += p.length;
        }
        byte[] out = new byte[length];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
