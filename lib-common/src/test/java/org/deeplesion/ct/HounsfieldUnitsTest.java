package org.deeplesion.ct;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.deeplesion.dicom.DicomDataset;
import org.deeplesion.dicom.DicomFile;
import org.deeplesion.dicom.DicomReader;
import org.deeplesion.dicom.DicomWriter;
import org.deeplesion.dicom.PixelData;
import org.deeplesion.dicom.Tag;
import org.deeplesion.dicom.TransferSyntax;
import org.deeplesion.dicom.Vr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HounsfieldUnitsTest {

    private static DicomFile slice(
            int bitsStored, int highBit, boolean signed, double slope, double intercept, int[] words)
            throws IOException {
        DicomDataset ds = new DicomDataset();
        ds.putString(Tag.SOPClassUID, Vr.UI, "1.2.840.10008.5.1.4.1.1.2");
        ds.putString(Tag.SOPInstanceUID, Vr.UI, "2.25.77");
        ds.putInts(Tag.SamplesPerPixel, Vr.US, 1);
        ds.putInts(Tag.Rows, Vr.US, 1);
        ds.putInts(Tag.Columns, Vr.US, words.length);
        ds.putInts(Tag.BitsAllocated, Vr.US, 16);
        ds.putInts(Tag.BitsStored, Vr.US, bitsStored);
        ds.putInts(Tag.HighBit, Vr.US, highBit);
        ds.putInts(Tag.PixelRepresentation, Vr.US, signed ? 1 : 0);
        ds.putDecimals(Tag.RescaleSlope, slope);
        ds.putDecimals(Tag.RescaleIntercept, intercept);
        byte[] bytes = new byte[words.length * 2];
        for (int i = 0; i < words.length; i++) {
            bytes[2 * i] = (byte) words[i];
            bytes[2 * i + 1] = (byte) (words[i] >> 8);
        }
        ds.putBytes(Tag.PixelData, Vr.OW, bytes);
        return new DicomReader().read("hu.dcm", DicomWriter.toBytes(ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN));
    }

    @ParameterizedTest(name = "bits stored {0}, high bit {1}, signed {2}, slope {3}, intercept {4}")
    @CsvSource({
        "12, 11, false, 1, -1024",
        "16, 15, true, 1, 0",
        "12, 11, true, 1, 0",
        "8, 11, false, 1, -100",
        "16, 15, false, 1, -32768",
        "12, 11, false, 0.5, -1024",
        "16, 15, true, 1, 30000"
    })
    void directAndGeneralPathsGiveTheSameClampedHu(
            int bitsStored, int highBit, boolean signed, double slope, double intercept) throws IOException {
        int[] words = {0x0000, 0x0001, 0x07FF, 0x0800, 0x0FFF, 0xF123, 0x7FFF, 0x8000, 0xFFFF, 0x0A50};
        DicomFile file = slice(bitsStored, highBit, signed, slope, intercept, words);

        short[] expected = HounsfieldUnits.fromStored(PixelData.storedValues(file, 0), slope, intercept);

        assertThat(HounsfieldUnits.of(file, 0)).containsExactly(expected);
        assertThat(HounsfieldUnits.littleEndian(file, 0))
                .as("the lake's bytes, on either path")
                .containsExactly(HuPixels.toBytes(expected));
        if (slope == 1) {
            assertThat(PixelData.nativeHu(file, 0))
                    .as("the direct path applies")
                    .isNotNull();
            assertThat(PixelData.nativeHuLittleEndian(file, 0))
                    .as("the direct byte path applies")
                    .isNotNull();
        }
    }

    @Test
    void wordsThatAlreadyAreHuAreTakenAsTheyAreFrameByFrame() throws IOException {
        int[] words = {0x0000, 0xFC00, 0x7FFF, 0x8000, 0x0190};
        DicomFile file = slice(16, 15, true, 1, 0, words);
        assertThat(HounsfieldUnits.littleEndian(file, 0))
                .containsExactly(HuPixels.toBytes(new short[] {0, -1024, 32767, -32768, 400}));

        DicomDataset twoFrames = file.dataset();
        twoFrames.putInts(Tag.Columns, Vr.US, 2);
        twoFrames.putString(Tag.NumberOfFrames, Vr.IS, "2");
        twoFrames.putBytes(Tag.PixelData, Vr.OW, HuPixels.toBytes(new short[] {1, 2, -3, -4}));
        DicomFile multiFrame = new DicomReader()
                .read("frames.dcm", DicomWriter.toBytes(twoFrames, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN));
        assertThat(HounsfieldUnits.littleEndian(multiFrame, 0)).containsExactly(HuPixels.toBytes(new short[] {1, 2}));
        assertThat(HounsfieldUnits.littleEndian(multiFrame, 1)).containsExactly(HuPixels.toBytes(new short[] {-3, -4}));
    }
}
