package org.deeplesion.dicom.codec;

import com.github.jaiimageio.jpeg2000.J2KImageWriteParam;
import com.github.jaiimageio.jpeg2000.impl.J2KImageReader;
import com.github.jaiimageio.jpeg2000.impl.J2KImageReaderSpi;
import com.github.jaiimageio.jpeg2000.impl.J2KImageWriter;
import com.github.jaiimageio.jpeg2000.impl.J2KImageWriterSpi;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.awt.image.SinglePixelPackedSampleModel;
import java.awt.image.WritableRaster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.IIOImage;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * JPEG 2000 Part 1 through jai-imageio's JJ2000-based reader and writer: JPEG 2000 is far too large to write
 * ourselves and the library decodes it correctly. Around it we add what DICOM needs: the codestream is checked for
 * truncation first (see {@link J2kCodestream}), signed samples come back as bit patterns masked to their precision,
 * and the encoder writes the true precision and signedness of the data.
 *
 * <p>Multi-component streams are returned after JJ2000's inverse component transform, i.e. as RGB.
 */
public final class Jpeg2000Codec {
    /** Offset of the first component's Ssiz byte in a codestream: SOC, SIZ marker, Lsiz, Rsiz, 8 sizes, Csiz. */
    private static final int FIRST_SSIZ = 42;

    private Jpeg2000Codec() {}

    /** Decodes a raw codestream or a JP2 file. */
    public static DecodedFrame decode(byte[] j2k) throws CodecException {
        J2kCodestream header = J2kCodestream.parse(j2k);
        int precision = 0;
        for (J2kCodestream.Component c : header.components()) {
            if (c.precision() > 16) {
                throw new CodecException("JPEG 2000: a component has " + c.precision() + "-bit precision; at most 16 "
                        + "bits are supported");
            }
            precision = Math.max(precision, c.precision());
        }
        Raster raster = readRaster(j2k);
        int columns = header.columns();
        int rows = header.rows();
        int n = header.components().size();
        if (raster.getWidth() != columns || raster.getHeight() != rows || raster.getNumBands() != n) {
            throw new CodecException("JPEG 2000: decoder returned " + raster.getWidth() + "x" + raster.getHeight() + "x"
                    + raster.getNumBands() + " samples for a " + columns + "x" + rows + "x" + n + " codestream");
        }
        int[] samples = new int[rows * columns * n];
        int[] band = new int[rows * columns];
        for (int b = 0; b < n; b++) {
            int mask = (1 << header.components().get(b).precision()) - 1;
            raster.getSamples(raster.getMinX(), raster.getMinY(), columns, rows, b, band);
            for (int i = 0, o = b; i < band.length; i++, o += n) {
                samples[o] = band[i] & mask; // signed samples arrive sign-extended
            }
        }
        return new DecodedFrame(rows, columns, n, precision, samples);
    }

    private static Raster readRaster(byte[] j2k) throws CodecException {
        ImageReader reader = new J2KImageReader(new J2KImageReaderSpi());
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(j2k))) {
            reader.setInput(in, true, true);
            return reader.readRaster(0, null);
        } catch (IOException | RuntimeException e) {
            throw new CodecException("JPEG 2000: decoding failed: " + e, e);
        } catch (ThreadDeath e) {
            // JJ2000's JJ2KExceptionHandler prints the real exception to stderr and throws ThreadDeath.
            throw new CodecException(
                    "JPEG 2000: JJ2000 aborted decoding (its exception was printed to standard " + "error)", e);
        } catch (Error e) {
            // JJ2000 also reports some corrupt data (a missing EPH marker, say) as a plain java.lang.Error;
            // subclasses such as OutOfMemoryError are real errors and pass.
            if (e.getClass() != Error.class) {
                throw e;
            }
            throw new CodecException("JPEG 2000: decoding failed: " + e.getMessage(), e);
        } finally {
            reader.dispose();
        }
    }

    /**
     * Encodes a raw J2K codestream (no JP2 wrapper) with the reversible 5/3 wavelet.
     *
     * @param samples   row-major, in the low {@code precision} bits (two's-complement bit patterns when signed;
     *                  sign-extended values are accepted as well)
     * @param precision 2..16
     */
    public static byte[] encodeLossless(int[] samples, int rows, int columns, int precision, boolean signed) {
        return encode(samples, rows, columns, precision, signed, Double.NaN);
    }

    /**
     * Encodes a raw J2K codestream with the irreversible 9/7 wavelet at the given rate.
     *
     * @param bitsPerPixel target rate, e.g. 1.0 for roughly 1 bit per sample
     */
    public static byte[] encodeLossy(
            int[] samples, int rows, int columns, int precision, boolean signed, double bitsPerPixel) {
        if (!(bitsPerPixel > 0) || Double.isInfinite(bitsPerPixel)) {
            throw new IllegalArgumentException("bits per pixel must be positive and finite, not " + bitsPerPixel);
        }
        return encode(samples, rows, columns, precision, signed, bitsPerPixel);
    }

    /**
     * JJ2000 takes signedness from the raster's data type and the precision from its sample size, but a signed
     * type always has 16 bits. So every component goes in unsigned with a 12-bit (say) sample model, offset by
     * 2^(P-1), and the signed flag is then set in the SIZ segment. This yields the very codestream a signed
     * encoder would: JPEG 2000 level-shifts unsigned samples by -2^(P-1) before the transform (T.800 G.1.2),
     * which removes exactly that offset, and signed samples are not shifted.
     */
    private static byte[] encode(
            int[] samples, int rows, int columns, int precision, boolean signed, double bitsPerPixel) {
        if (rows < 1 || columns < 1 || rows > 65535 || columns > 65535) {
            throw new IllegalArgumentException("frame must be 1..65535 samples each way, not " + rows + "x" + columns);
        }
        if (precision < 2 || precision > 16) {
            throw new IllegalArgumentException("precision must be 2..16, not " + precision);
        }
        if ((long) rows * columns != samples.length) {
            throw new IllegalArgumentException("expected " + (long) rows * columns + " samples, got " + samples.length);
        }
        int mask = (1 << precision) - 1;
        int min = signed ? -(1 << (precision - 1)) : 0;
        int offset = signed ? 1 << (precision - 1) : 0;
        WritableRaster raster = Raster.createWritableRaster(
                new SinglePixelPackedSampleModel(DataBuffer.TYPE_USHORT, columns, rows, new int[] {mask}), null);
        DataBuffer buffer = raster.getDataBuffer();
        for (int i = 0; i < samples.length; i++) {
            int v = samples[i];
            if (v < min || v > mask) {
                throw new IllegalArgumentException("sample " + i + " is " + v + ", outside " + min + ".." + mask);
            }
            buffer.setElem(i, (v & mask) ^ offset);
        }
        J2KImageWriteParam param = new J2KImageWriteParam();
        param.setWriteCodeStreamOnly(true);
        if (Double.isNaN(bitsPerPixel)) {
            param.setLossless(true);
            param.setFilter(J2KImageWriteParam.FILTER_53);
        } else {
            param.setLossless(false);
            param.setFilter(J2KImageWriteParam.FILTER_97);
            param.setEncodingRate(bitsPerPixel);
        }
        ImageWriter writer = new J2KImageWriter(new J2KImageWriterSpi());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(samples.length);
        try (ImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(raster, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException("JPEG 2000 encoding failed", e);
        } finally {
            writer.dispose();
        }
        byte[] codestream = bytes.toByteArray();
        if (signed) {
            codestream[FIRST_SSIZ] |= (byte) 0x80;
        }
        return codestream;
    }
}
