/**
 * Pixel-data codecs for the DICOM transfer syntaxes we read and write. Each decoder returns a
 * {@link org.deeplesion.dicom.codec.DecodedFrame} of raw bit patterns and reports malformed input as a
 * {@link org.deeplesion.dicom.codec.CodecException} that says what is wrong and where.
 *
 * <ul>
 *   <li>JPEG (baseline, extended 12-bit, lossless): {@link org.deeplesion.dicom.codec.JpegDecoder} and
 *       {@link org.deeplesion.dicom.codec.JpegLosslessEncoder}, our own code.</li>
 *   <li>RLE Lossless: {@link org.deeplesion.dicom.codec.RleCodec}, our own code.</li>
 *   <li>JPEG 2000: {@link org.deeplesion.dicom.codec.Jpeg2000Codec}, jai-imageio's JJ2000 behind our own
 *       codestream checks.</li>
 * </ul>
 */
package org.deeplesion.dicom.codec;
