package org.deeplesion.dicom;

import org.deeplesion.dicom.codec.CodecException;
import org.deeplesion.dicom.codec.DecodedFrame;
import org.deeplesion.dicom.codec.Jpeg2000Codec;
import org.deeplesion.dicom.codec.JpegDecoder;
import org.deeplesion.dicom.codec.RleCodec;

/** Decodes one compressed frame with the codec of the file's transfer syntax and checks it against the header. */
final class EncapsulatedFrames {

    private EncapsulatedFrames() {}

    static int[] decode(DicomFile file, byte[] compressed, ImagePixel p) throws DicomFormatException {
        TransferSyntax ts = file.transferSyntax();
        DecodedFrame frame;
        try {
            frame = switch (ts.compression()) {
                case JPEG -> JpegDecoder.decode(compressed);
                case JPEG_2000 -> Jpeg2000Codec.decode(compressed);
                case RLE -> RleCodec.decode(compressed, p.rows(), p.columns(), p.samplesPerPixel(), p.bitsAllocated());
                case NONE -> throw new IllegalStateException(ts.displayName() + " pixel data cannot be encapsulated");
            };
        } catch (CodecException e) {
            throw new DicomFormatException(
                    file.source(), Tag.PixelData, -1, ts.displayName() + ": " + e.getMessage(), e);
        }
        if (frame.rows() != p.rows()
                || frame.columns() != p.columns()
                || frame.samplesPerPixel() != p.samplesPerPixel()) {
            throw new DicomFormatException(
                    file.source(),
                    Tag.PixelData,
                    -1,
                    "compressed frame is "
                            + frame.columns() + "x" + frame.rows() + "x" + frame.samplesPerPixel()
                            + " but the header says "
                            + p.columns() + "x" + p.rows() + "x" + p.samplesPerPixel());
        }
        int[] samples = frame.samples();
        // RLE keeps whole allocated words (with the high bit where the header puts it); JPEG and JPEG 2000 code
        // the stored bits themselves.
        int shift = ts.compression() == TransferSyntax.Compression.RLE ? p.highBit() + 1 - p.bitsStored() : 0;
        PixelData.applyBitsStored(samples, p.bitsStored(), shift, p.signed());
        return samples;
    }
}
