package org.deeplesion.dicom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.deeplesion.testing.Bytes;
import org.junit.jupiter.api.Test;

class DicomReaderTest {

    private static byte[] file(DicomDataset ds) throws IOException {
        return DicomWriter.toBytes(ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
    }

    @Test
    void explicitLittleEndianRoundTripKeepsAttributesAndPixels() throws IOException {
        int[] pixels = TestImages.phantom(32, 48, 12, false, 1);
        DicomFile f = new DicomReader().read("ct.dcm", file(TestImages.ct(32, 48, 12, false, pixels)));

        assertThat(f.transferSyntax()).isEqualTo(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        assertThat(f.fileMeta().string(Tag.TransferSyntaxUID)).isEqualTo("1.2.840.10008.1.2.1");
        assertThat(f.dataset().string(Tag.PatientName)).isEqualTo("Müller^Jürgen");
        assertThat(f.dataset().doubles(Tag.PixelSpacing)).containsExactly(0.703125, 0.703125);
        assertThat(f.dataset().intValue(Tag.Rows, 0)).isEqualTo(32);
        assertThat(PixelData.storedValues(f, 0)).containsExactly(pixels);
    }

    @Test
    void implicitLittleEndianRoundTripUsesTheDictionaryForVrs() throws IOException {
        int[] pixels = TestImages.phantom(16, 16, 16, true, 2);
        byte[] bytes =
                DicomWriter.toBytes(TestImages.ct(16, 16, 16, true, pixels), TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN);
        DicomFile f = new DicomReader().read("implicit.dcm", bytes);

        assertThat(f.transferSyntax()).isEqualTo(TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN);
        assertThat(f.dataset().get(Tag.Rows).vr()).isEqualTo(Vr.US);
        assertThat(f.dataset().string(Tag.PatientID)).isEqualTo("PID-0042");
        assertThat(PixelData.storedValues(f, 0)).containsExactly(pixels);
    }

    @Test
    void readsAFileWithoutPreambleOrFileMeta() throws IOException {
        byte[] full = DicomWriter.toBytes(
                TestImages.ct(8, 8, 12, false, new int[64]), TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN);
        int metaLength = 132 + 12 + (int) littleEndianInt(full, 140);
        byte[] bare = Arrays.copyOfRange(full, metaLength, full.length);

        DicomFile f = new DicomReader().read("IM0001", bare);

        assertThat(f.fileMeta().size()).isZero();
        assertThat(f.transferSyntax()).isEqualTo(TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN);
        assertThat(f.sopClassUid()).isEqualTo(TestImages.CT_IMAGE_STORAGE);
    }

    @Test
    void nestedUndefinedLengthSequencesAndPrivateTagsAreRead() throws IOException {
        DicomDataset ds = TestImages.ct(4, 4, 12, false, new int[16]);
        DicomDataset inner = ds.newItem().putString(Tag.ReferencedSOPInstanceUID, Vr.UI, "2.25.99");
        DicomDataset outer = ds.newItem()
                .putString(Tag.SeriesInstanceUID, Vr.UI, "2.25.98")
                .putSequence(Tag.ReferencedImageSequence, List.of(inner, inner));
        ds.putSequence(Tag.ReferencedSeriesSequence, List.of(outer));
        ds.putString(0x00090010, Vr.LO, "ACME 1.0");
        ds.putBytes(0x00091001, Vr.OB, new byte[] {1, 2, 3, 4});

        for (TransferSyntax ts :
                List.of(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN)) {
            DicomFile f = new DicomReader().read("seq.dcm", DicomWriter.toBytes(ds, ts));
            List<DicomDataset> series = f.dataset().sequence(Tag.ReferencedSeriesSequence);
            assertThat(series).hasSize(1);
            assertThat(series.get(0).sequence(Tag.ReferencedImageSequence))
                    .hasSize(2)
                    .allSatisfy(i ->
                            assertThat(i.string(Tag.ReferencedSOPInstanceUID)).isEqualTo("2.25.99"));
            assertThat(f.dataset().bytes(0x00091001)).containsExactly(1, 2, 3, 4);
        }
    }

    @Test
    void isoIr100TextIsDecodedAsLatin1() throws IOException {
        DicomDataset ds = TestImages.ct(2, 2, 12, false, new int[4]);
        ds.putString(Tag.SpecificCharacterSet, Vr.CS, "ISO_IR 100");
        ds.putBytes(Tag.PatientName, Vr.PN, "Buc^J\u00e9r\u00f4me".getBytes(StandardCharsets.ISO_8859_1));

        DicomFile f = new DicomReader().read("latin1.dcm", file(ds));

        assertThat(f.dataset().string(Tag.PatientName)).isEqualTo("Buc^Jérôme");
    }

    @Test
    void iso2022JapaneseNamesAreDecodedAcrossEscapeSequences() throws IOException {
        // PS3.5 H.3.1: "Yamada^Tarou=山田^太郎=やまだ^たろう" in ISO 2022 IR 87.
        byte[] name = ("Yamada^Tarou=\u001b$B;3ED\u001b(B^\u001b$BB@O:\u001b(B=\u001b$B$d$^$@\u001b(B^"
                        + "\u001b$B$?$m$&\u001b(B")
                .getBytes(StandardCharsets.ISO_8859_1);
        DicomDataset ds = TestImages.ct(2, 2, 12, false, new int[4]);
        ds.putString(Tag.SpecificCharacterSet, Vr.CS, "", "ISO 2022 IR 87");
        ds.putBytes(Tag.PatientName, Vr.PN, name);

        DicomFile f = new DicomReader().read("jp.dcm", file(ds));

        assertThat(f.dataset().string(Tag.PatientName)).isEqualTo("Yamada^Tarou=山田^太郎=やまだ^たろう");
    }

    @Test
    void headersOnlySkipsPixelDataWithoutReadingIt() throws IOException {
        byte[] bytes = file(TestImages.ct(512, 512, 12, false, new int[512 * 512]));
        CountingStream counting = new CountingStream(new ByteArrayInputStream(bytes));

        DicomFile f = new DicomReader(DicomReader.Options.headersOnly()).read("big.dcm", counting, bytes.length);

        DicomElement pixels = f.dataset().get(Tag.PixelData);
        assertThat(pixels.isSkipped()).isTrue();
        assertThat(pixels.valueLength()).isEqualTo(512 * 512 * 2);
        assertThat(counting.bytesRead).isLessThan(70_000);
        assertThat(f.dataset().intValue(Tag.Columns, 0)).isEqualTo(512);
    }

    @Test
    void bitsStoredBelowBitsAllocatedMasksHighBitsAndSignExtends() throws IOException {
        // 12-bit signed samples with junk in the 4 unused high bits (an overlay, as old scanners wrote).
        int[] stored = {-2048, -1, 0, 1, 2047, -1000};
        int[] words = new int[stored.length];
        for (int i = 0; i < stored.length; i++) {
            words[i] = (stored[i] & 0x0FFF) | 0xA000;
        }
        DicomDataset ds = TestImages.ct(2, 3, 12, true, words);

        DicomFile f = new DicomReader().read("masked.dcm", file(ds));

        assertThat(PixelData.storedValues(f, 0)).containsExactly(stored);
    }

    @Test
    void highBitAboveBitsStoredShiftsTheField() throws IOException {
        DicomDataset ds = TestImages.ct(1, 2, 8, false, new int[] {0x0AB0, 0x0FF0});
        ds.putInts(Tag.HighBit, Vr.US, 11);

        DicomFile f = new DicomReader().read("shifted.dcm", file(ds));

        assertThat(PixelData.storedValues(f, 0)).containsExactly(0xAB, 0xFF);
    }

    @Test
    void multiFrameNativePixelDataGivesEachFrame() throws IOException {
        int[] a = TestImages.phantom(8, 8, 12, false, 3);
        int[] b = TestImages.phantom(8, 8, 12, false, 4);
        DicomFile f = new DicomReader().read("mf.dcm", file(TestImages.ct(8, 8, 12, false, a, b)));

        assertThat(PixelData.storedValues(f, 0)).containsExactly(a);
        assertThat(PixelData.storedValues(f, 1)).containsExactly(b);
    }

    // ---- malformed input ------------------------------------------------------------------------------------

    @Test
    void emptyFileIsRejectedByName() {
        assertThatThrownBy(() -> new DicomReader().read("empty.dcm", new byte[0]))
                .isInstanceOf(DicomFormatException.class)
                .hasMessageContaining("empty.dcm")
                .hasMessageContaining("empty");
    }

    @Test
    void wrongMagicIsNotDicom() {
        byte[] text = "This is a radiology report, not an image.\n".repeat(10).getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> new DicomReader().read("report.txt", text))
                .isInstanceOf(DicomFormatException.class)
                .hasMessageContaining("report.txt")
                .hasMessageContaining("not a DICOM file");
    }

    @Test
    void truncationAnywhereRaisesFormatErrorNamingTheFile() throws IOException {
        byte[] bytes = file(TestImages.ct(16, 16, 12, false, new int[256]));
        for (int cut = 1; cut < bytes.length; cut += 37) {
            byte[] truncated = Arrays.copyOf(bytes, cut);
            assertThatThrownBy(() -> {
                        DicomFile f = new DicomReader().read("cut.dcm", truncated);
                        PixelData.storedValues(f, 0);
                    })
                    .as("cut at %d", cut)
                    .isInstanceOf(DicomFormatException.class)
                    .hasMessageStartingWith("cut.dcm");
        }
    }

    @Test
    void lyingLengthIsRefusedWithTagAndOffset() throws IOException {
        byte[] bytes = file(TestImages.ct(16, 16, 12, false, new int[256]));
        int at = Bytes.find(bytes, new byte[] {0x10, 0x00, 0x20, 0x00, 'L', 'O'}); // (0010,0020) Patient ID
        bytes[at + 6] = (byte) 0xFF;
        bytes[at + 7] = (byte) 0x7F;

        assertThatThrownBy(() -> new DicomReader().read("lying.dcm", bytes))
                .isInstanceOf(DicomFormatException.class)
                .hasMessageContaining("lying.dcm")
                .hasMessageContaining("(0010,0020)")
                .hasMessageContaining("at byte " + (at + 8))
                .hasMessageContaining("32767");
    }

    @Test
    void valueLargerThanTheCapIsRefusedBeforeAllocation() throws IOException {
        byte[] bytes = file(TestImages.ct(64, 64, 12, false, new int[64 * 64]));
        DicomReader capped = new DicomReader(DicomReader.Options.defaults().withMaxValueLength(4096));

        assertThatThrownBy(() -> capped.read("big.dcm", bytes))
                .isInstanceOf(DicomFormatException.class)
                .hasMessageContaining("(7FE0,0010)")
                .hasMessageContaining("exceeds the limit of 4096 bytes");
    }

    @Test
    void multiGigabyteDeclaredLengthIsRefusedNotLoaded() throws IOException {
        byte[] bytes = file(TestImages.ct(4, 4, 12, false, new int[16]));
        int at = Bytes.find(bytes, new byte[] {(byte) 0xE0, 0x7F, 0x10, 0x00, 'O', 'W'});
        bytes[at + 8] = 0;
        bytes[at + 9] = 0;
        bytes[at + 10] = 0;
        bytes[at + 11] = (byte) 0xC0; // 3 GiB

        assertThatThrownBy(() -> new DicomReader().read("huge.dcm", bytes))
                .isInstanceOf(DicomFormatException.class)
                .hasMessageContaining("(7FE0,0010)")
                .hasMessageContaining("3221225472");
    }

    @Test
    void unsupportedTransferSyntaxIsRefusedByName() throws IOException {
        byte[] bytes = file(TestImages.ct(4, 4, 12, false, new int[16]));
        byte[] explicit = "1.2.840.10008.1.2.1\0".getBytes(StandardCharsets.US_ASCII);
        int at = Bytes.find(bytes, explicit);
        byte[] jpegLs = "1.2.840.10008.1.2.4.80".getBytes(StandardCharsets.US_ASCII);
        byte[] patched = new byte[bytes.length + 2];
        System.arraycopy(bytes, 0, patched, 0, at);
        System.arraycopy(jpegLs, 0, patched, at, jpegLs.length);
        System.arraycopy(bytes, at + explicit.length, patched, at + jpegLs.length, bytes.length - at - explicit.length);
        patched[at - 2] = (byte) jpegLs.length; // the UI element's 16-bit length
        patched[140] += 2; // file meta group length

        assertThatThrownBy(() -> new DicomReader().read("ls.dcm", patched))
                .isInstanceOf(DicomFormatException.class)
                .hasMessageContaining("ls.dcm")
                .hasMessageContaining("unsupported transfer syntax JPEG-LS Lossless");
    }

    @Test
    void missingItemDelimitationIsTruncation() throws IOException {
        DicomDataset ds = new DicomDataset();
        ds.putString(Tag.SOPClassUID, Vr.UI, "1.2.3");
        ds.putString(Tag.SOPInstanceUID, Vr.UI, "1.2.4");
        ds.putSequence(
                Tag.ReferencedSeriesSequence, List.of(ds.newItem().putString(Tag.SeriesInstanceUID, Vr.UI, "1.2.5")));
        byte[] bytes = file(ds);
        byte[] cut = Arrays.copyOf(bytes, bytes.length - 16); // drop item and sequence delimiters

        assertThatThrownBy(() -> new DicomReader().read("seq.dcm", cut))
                .isInstanceOf(DicomFormatException.class)
                .hasMessageContaining("seq.dcm");
    }

    private static long littleEndianInt(byte[] b, int at) {
        return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8 | (b[at + 2] & 0xFF) << 16 | (long) (b[at + 3] & 0xFF) << 24;
    }

    private static final class CountingStream extends FilterInputStream {
        long bytesRead;

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            bytesRead += b < 0 ? 0 : 1;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            bytesRead += Math.max(0, n);
            return n;
        }
    }
}
