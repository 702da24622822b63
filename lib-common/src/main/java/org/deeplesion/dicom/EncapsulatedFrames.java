package org.deeplesion.dicom;

/** Decodes one compressed frame with the codec of the file's transfer syntax. */
final class EncapsulatedFrames {

    private EncapsulatedFrames() {
    }

    static int[] decode(DicomFile file, byte[] compressed, ImagePixel p) throws DicomFormatException {
        throw new DicomFormatException(file.source(), Tag.PixelData, -1,
                "no decoder for " + file.transferSyntax().displayName());
    }
}
