package org.deeplesion.dicom.codec;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import org.w3c.dom.Node;

/**
 * The JDK's own JPEG writer and reader (IJG libjpeg 6b inside, islow IDCT and fancy upsampling by default): an
 * independent 8-bit DCT encoder that can also write restart intervals and progressive scans, and a reference
 * decoder whose readRaster returns samples without colour conversion.
 */
final class JdkJpeg {
    private static final String FORMAT = "javax_imageio_jpeg_image_1.0";

    private JdkJpeg() {}

    /** Encodes at the given quality; restartInterval 0 for none; progressive writes SOF2. */
    static byte[] encode(BufferedImage image, float quality, int restartInterval, boolean progressive)
            throws IOException {
        ImageWriter writer = jdk(ImageIO.getImageWritersByFormatName("jpeg"));
        ImageWriteParam param = writer.getDefaultWriteParam();
        if (progressive) {
            param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
        } else {
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality);
        }
        IIOMetadata metadata = writer.getDefaultImageMetadata(new ImageTypeSpecifier(image), param);
        if (restartInterval > 0) {
            Node root = metadata.getAsTree(FORMAT);
            IIOMetadataNode dri = new IIOMetadataNode("dri");
            dri.setAttribute("interval", Integer.toString(restartInterval));
            Node markers = ((IIOMetadataNode) root)
                    .getElementsByTagName("markerSequence")
                    .item(0);
            markers.insertBefore(dri, markers.getFirstChild());
            metadata.setFromTree(FORMAT, root);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(image, null, metadata), param);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    /** Decoded samples in the coded colour space, sample-interleaved. */
    static int[] decodeRaw(byte[] jpeg) throws IOException {
        ImageReader reader = jdk(ImageIO.getImageReadersByFormatName("jpeg"));
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(jpeg))) {
            reader.setInput(in);
            Raster raster = reader.readRaster(0, null);
            return raster.getPixels(0, 0, raster.getWidth(), raster.getHeight(), (int[]) null);
        } finally {
            reader.dispose();
        }
    }

    static BufferedImage gray(int[] samples, int rows, int columns) {
        BufferedImage image = new BufferedImage(columns, rows, BufferedImage.TYPE_BYTE_GRAY);
        image.getRaster().setPixels(0, 0, columns, rows, samples);
        return image;
    }

    static BufferedImage rgb(int[] samples, int rows, int columns) {
        BufferedImage image = new BufferedImage(columns, rows, BufferedImage.TYPE_3BYTE_BGR);
        image.getRaster().setPixels(0, 0, columns, rows, samples);
        return image;
    }

    private static <T> T jdk(Iterator<T> candidates) {
        while (candidates.hasNext()) {
            T candidate = candidates.next();
            if (candidate.getClass().getName().startsWith("com.sun.imageio")) {
                return candidate;
            }
        }
        throw new AssertionError("the JDK's JPEG plugin is not registered");
    }
}
