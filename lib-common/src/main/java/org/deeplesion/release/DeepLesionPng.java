package org.deeplesion.release;

import static java.util.Objects.requireNonNull;

import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * The release's slice images: 16-bit grayscale PNG holding HU + 32768.
 *
 * <p>Streams are cached in memory, not in temporary files, so that readers and writers work in executors without a
 * writable temporary directory and leave nothing behind.
 */
public final class DeepLesionPng {

    /** What the release adds to a Hounsfield unit to store it as an unsigned 16-bit sample. */
    public static final int HU_OFFSET = 32768;
    /**
     * For the JDK's PNG writer quality 1 means stored (no deflate) and lower qualities deflate harder; 0.9 is its
     * fastest deflating setting, within 3% of the default's size on CT slices.
     */
    private static final float FAST_DEFLATE_QUALITY = 0.9f;

    private DeepLesionPng() {}

    public static void write(Path path, HuImage image) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(path), 1 << 16)) {
            write(image, out);
        }
    }

    public static void write(HuImage image, OutputStream out) throws IOException {
        requireNonNull(image, "image");
        BufferedImage png = new BufferedImage(image.columns(), image.rows(), BufferedImage.TYPE_USHORT_GRAY);
        short[] samples = new short[image.hu().length];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (short) (image.hu()[i] + HU_OFFSET);
        }
        png.getRaster().setDataElements(0, 0, image.columns(), image.rows(), samples);
        ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
        try (ImageOutputStream ios = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(ios);
            ImageWriteParam param = writer.getDefaultWriteParam();
            // CT noise barely compresses, so stronger deflate levels cost time for a few percent of size.
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(FAST_DEFLATE_QUALITY);
            writer.write(null, new IIOImage(png, null, null), param);
        } finally {
            writer.dispose();
        }
    }

    public static HuImage read(Path path) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(path), 1 << 16)) {
            return read(path.toString(), in);
        }
    }

    /**
     * @param source the name used in error messages: a path or URI
     * @throws IOException naming the source when the stream is not a 16-bit single-channel PNG
     */
    public static HuImage read(String source, InputStream in) throws IOException {
        Raster raster;
        try (ImageInputStream iis = new MemoryCacheImageInputStream(in)) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(iis);
            if (!readers.hasNext()) {
                throw new IOException(source + ": not a PNG image");
            }
            ImageReader reader = readers.next();
            try {
                if (!"png".equalsIgnoreCase(reader.getFormatName())) {
                    throw new IOException(
                            source + ": a " + reader.getFormatName() + " image, DeepLesion slices are PNG");
                }
                raster = decode(source, reader, iis);
            } finally {
                reader.dispose();
            }
        }
        if (raster.getNumBands() != 1
                || raster.getTransferType() != DataBuffer.TYPE_USHORT
                || raster.getSampleModel().getSampleSize(0) != 16) {
            throw new IOException(
                    source + ": DeepLesion slices are 16-bit grayscale PNG, this one has " + raster.getNumBands()
                            + " band(s) of " + raster.getSampleModel().getSampleSize(0) + " bits");
        }
        int columns = raster.getWidth();
        int rows = raster.getHeight();
        short[] samples = (short[]) raster.getDataElements(0, 0, columns, rows, null);
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (short) ((samples[i] & 0xFFFF) - HU_OFFSET);
        }
        return new HuImage(rows, columns, samples);
    }

    private static Raster decode(String source, ImageReader reader, ImageInputStream iis) throws IOException {
        try {
            reader.setInput(iis, true, true);
            return reader.read(0).getRaster();
        } catch (IOException | RuntimeException e) {
            throw new IOException(source + ": unreadable PNG: " + e.getMessage(), e);
        }
    }
}
