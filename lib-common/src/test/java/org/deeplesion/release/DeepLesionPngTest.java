package org.deeplesion.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeepLesionPngTest {

    private static HuImage ramp() {
        short[] hu = {-1024, -1000, -100, 0, 40, 1000, 3071, Short.MIN_VALUE, Short.MAX_VALUE, 7, -7, 250};
        return new HuImage(3, 4, hu);
    }

    @Test
    void storedSampleIsHuPlus32768(@TempDir Path dir) throws IOException {
        Path png = dir.resolve("001.png");
        DeepLesionPng.write(png, ramp());

        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getType()).isEqualTo(BufferedImage.TYPE_USHORT_GRAY);
        assertThat(image.getRaster().getSample(0, 0, 0)).isEqualTo(-1024 + 32768);
        assertThat(image.getRaster().getSample(3, 0, 0)).isEqualTo(32768);
        assertThat(image.getRaster().getSample(2, 1, 0)).isEqualTo(3071 + 32768);
        assertThat(image.getRaster().getSample(3, 1, 0)).isEqualTo(0);
        assertThat(image.getRaster().getSample(0, 2, 0)).isEqualTo(65535);
    }

    @Test
    void readingReturnsTheWrittenHu(@TempDir Path dir) throws IOException {
        Path png = dir.resolve("002.png");
        DeepLesionPng.write(png, ramp());

        assertThat(DeepLesionPng.read(png)).isEqualTo(ramp());
    }

    @Test
    void eightBitPngIsRejectedNamingTheFile(@TempDir Path dir) throws IOException {
        Path png = dir.resolve("003.png");
        ImageIO.write(new BufferedImage(4, 4, BufferedImage.TYPE_BYTE_GRAY), "png", png.toFile());

        assertThatThrownBy(() -> DeepLesionPng.read(png))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith(png + ": DeepLesion slices are 16-bit grayscale PNG");
    }

    @Test
    void nonImageIsRejectedNamingTheFile(@TempDir Path dir) throws IOException {
        Path notPng = dir.resolve("004.png");
        Files.writeString(notPng, "not an image");

        assertThatThrownBy(() -> DeepLesionPng.read(notPng))
                .isInstanceOf(IOException.class)
                .hasMessage(notPng + ": not a PNG image");
    }
}
