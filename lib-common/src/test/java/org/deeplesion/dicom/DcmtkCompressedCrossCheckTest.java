package org.deeplesion.dicom;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.assertj.core.api.Assertions;
import org.deeplesion.dicom.codec.Jpeg2000Codec;
import org.deeplesion.testing.ExternalTool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Whole compressed files, made or decoded by dcmtk, read through {@link DicomReader} and {@link PixelData}: frame
 * splitting, codec dispatch and bits-stored handling checked pixel by pixel against an independent
 * implementation.
 */
class DcmtkCompressedCrossCheckTest {

    @TempDir
    Path dir;

    private DicomFile read(String name) throws IOException {
        return new DicomReader().read(dir.resolve(name));
    }

    private void write(DicomDataset ds, TransferSyntax ts, String name) throws IOException {
        DicomWriter.write(ds, ts, dir.resolve(name));
    }

    @ParameterizedTest(name = "dcmcjpeg {0}: {1}-bit")
    @CsvSource({"+e1, 16, false", "+e1, 12, false", "+e1, 16, true", "+el, 12, false"})
    void losslessJpegFromDcmcjpegDecodesToTheOriginal(String option, int bitsStored, boolean signed) throws Exception {
        int[] pixels = TestImages.phantom(96, 128, bitsStored, signed, 11);
        write(TestImages.ct(96, 128, bitsStored, signed, pixels), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, "in.dcm");
        ExternalTool.runOk(dir, "dcmcjpeg", option, "in.dcm", "jpeg.dcm");

        DicomFile f = read("jpeg.dcm");

        assertThat(f.transferSyntax().compression()).isEqualTo(TransferSyntax.Compression.JPEG);
        assertThat(PixelData.storedValues(f, 0)).containsExactly(pixels);
    }

    @Test
    void twelveBitExtendedJpegMatchesDcmdjpegsDecode() throws Exception {
        int[] pixels = TestImages.phantom(64, 96, 12, false, 12);
        write(TestImages.ct(64, 96, 12, false, pixels), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, "in.dcm");
        ExternalTool.runOk(dir, "dcmcjpeg", "+ee", "in.dcm", "extended.dcm");
        ExternalTool.runOk(dir, "dcmdjpeg", "extended.dcm", "reference.dcm");

        DicomFile extended = read("extended.dcm");

        assertThat(extended.transferSyntax()).isEqualTo(TransferSyntax.JPEG_EXTENDED);
        assertThat(PixelData.storedValues(extended, 0))
                .containsExactly(PixelData.storedValues(read("reference.dcm"), 0));
    }

    @ParameterizedTest(name = "fragments {0}")
    @CsvSource({"+ot, 4", "-ot, 4", "+ot, 0", "-ot, 0"})
    void multiFrameJpegIsSplitIntoFramesWithOrWithoutOffsetTable(String offsetTable, int fragmentKb) throws Exception {
        int[][] frames = {
            TestImages.phantom(64, 64, 16, false, 21),
            TestImages.phantom(64, 64, 16, false, 22),
            TestImages.phantom(64, 64, 16, false, 23)
        };
        write(TestImages.ct(64, 64, 16, false, frames), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, "mf.dcm");
        if (fragmentKb > 0) {
            ExternalTool.runOk(
                    dir, "dcmcjpeg", "+e1", offsetTable, "+fs", Integer.toString(fragmentKb), "mf.dcm", "mfj.dcm");
        } else {
            ExternalTool.runOk(dir, "dcmcjpeg", "+e1", offsetTable, "mf.dcm", "mfj.dcm");
        }

        DicomFile f = read("mfj.dcm");

        if (fragmentKb > 0) {
            assertThat(f.dataset().get(Tag.PixelData).fragments()).hasSizeGreaterThan(frames.length + 1);
        }
        for (int i = 0; i < frames.length; i++) {
            assertThat(PixelData.storedValues(f, i)).as("frame %d", i).containsExactly(frames[i]);
        }
    }

    @ParameterizedTest(name = "{0}-bit signed={1}")
    @CsvSource({"16, false", "12, false", "16, true"})
    void rleFromDcmcrleDecodesToTheOriginal(int bitsStored, boolean signed) throws Exception {
        int[] pixels = TestImages.phantom(80, 72, bitsStored, signed, 13);
        write(TestImages.ct(80, 72, bitsStored, signed, pixels), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, "in.dcm");
        ExternalTool.runOk(dir, "dcmcrle", "in.dcm", "rle.dcm");

        DicomFile f = read("rle.dcm");

        assertThat(f.transferSyntax()).isEqualTo(TransferSyntax.RLE_LOSSLESS);
        assertThat(PixelData.storedValues(f, 0)).containsExactly(pixels);
    }

    @ParameterizedTest(name = "{0} {1}-bit signed={2}")
    @CsvSource({
        "JPEG_LOSSLESS_SV1, 16, false",
        "JPEG_LOSSLESS_SV1, 12, false",
        "JPEG_LOSSLESS_SV1, 16, true",
        "RLE_LOSSLESS, 12, false",
        "RLE_LOSSLESS, 16, true"
    })
    void dcmtkDecodesWhatWeCompressToTheOriginal(TransferSyntax ts, int bitsStored, boolean signed) throws Exception {
        int[] pixels = TestImages.phantom(64, 80, bitsStored, signed, 14);
        DicomDataset ds = TestImages.ct(64, 80, bitsStored, signed, pixels);
        ds.put(PixelEncoder.pixelData(pixels, ImagePixel.of(ds), ts));
        write(ds, ts, "ours.dcm");
        String tool = ts == TransferSyntax.RLE_LOSSLESS ? "dcmdrle" : "dcmdjpeg";
        ExternalTool.runOk(dir, tool, "ours.dcm", "theirs.dcm");

        DicomFile decodedByDcmtk = read("theirs.dcm");

        assertThat(decodedByDcmtk.transferSyntax().encapsulated()).isFalse();
        assertThat(PixelData.storedValues(decodedByDcmtk, 0)).containsExactly(pixels);
        assertThat(PixelData.storedValues(read("ours.dcm"), 0)).containsExactly(pixels);
    }

    @Test
    void jpeg2000LosslessFramesDecodeToTheOriginal() throws Exception {
        int[] pixels = TestImages.phantom(64, 64, 16, true, 15);
        DicomDataset ds = TestImages.ct(64, 64, 16, true, pixels);
        ds.put(DicomElement.ofFragments(
                Tag.PixelData, Vr.OB, List.of(new byte[0], Jpeg2000Codec.encodeLossless(pixels, 64, 64, 16, true))));
        write(ds, TransferSyntax.JPEG_2000_LOSSLESS, "j2k.dcm");

        assertThat(PixelData.storedValues(read("j2k.dcm"), 0)).containsExactly(pixels);
        assertThat(ExternalTool.runOk(dir, "dcmdump", "-q", "j2k.dcm")).contains("JPEG2000LosslessOnly");
    }

    @Test
    void jpeg2000LossyFramesDecodeCloseToTheOriginal() throws Exception {
        int[] pixels = TestImages.phantom(64, 64, 12, false, 16);
        DicomDataset ds = TestImages.ct(64, 64, 12, false, pixels);
        ds.put(DicomElement.ofFragments(
                Tag.PixelData, Vr.OB, List.of(new byte[0], Jpeg2000Codec.encodeLossy(pixels, 64, 64, 12, false, 4.0))));
        write(ds, TransferSyntax.JPEG_2000, "j2k.dcm");

        int[] decoded = PixelData.storedValues(read("j2k.dcm"), 0);

        double sq = 0;
        for (int i = 0; i < pixels.length; i++) {
            sq += Math.pow(decoded[i] - pixels[i], 2);
        }
        assertThat(Math.sqrt(sq / pixels.length)).isLessThan(4095 * 0.01);
    }

    @Test
    void corruptCompressedFrameNamesFileAndSyntax() throws Exception {
        int[] pixels = TestImages.phantom(32, 32, 16, false, 17);
        DicomDataset ds = TestImages.ct(32, 32, 16, false, pixels);
        DicomElement good = PixelEncoder.pixelData(pixels, ImagePixel.of(ds), TransferSyntax.JPEG_LOSSLESS_SV1);
        byte[] jpeg = good.fragments().get(1);
        ds.put(DicomElement.ofFragments(
                Tag.PixelData, Vr.OB, List.of(new byte[0], Arrays.copyOf(jpeg, jpeg.length / 3))));
        write(ds, TransferSyntax.JPEG_LOSSLESS_SV1, "corrupt.dcm");

        DicomFile f = read("corrupt.dcm");

        Assertions.assertThatThrownBy(() -> PixelData.storedValues(f, 0))
                .isInstanceOf(DicomFormatException.class)
                .hasMessageContaining("corrupt.dcm")
                .hasMessageContaining("JPEG Lossless");
    }
}
