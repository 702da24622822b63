package org.deeplesion.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Random;
import org.deeplesion.detect.AnchorSize;
import org.deeplesion.detect.Detection;
import org.deeplesion.recist.ImageSize;
import org.junit.jupiter.api.Test;

class RandomBoxesTest {

    @Test
    void boxesOfTheGivenSizesLieInsideTheImage() {
        List<Detection> boxes =
                RandomBoxes.on("k", new ImageSize(32, 64), List.of(new AnchorSize(10, 6)), 500, new Random(1));

        assertThat(boxes).hasSize(500).allSatisfy(d -> {
            assertThat(d.imageKey()).isEqualTo("k");
            assertThat(d.box().width()).isCloseTo(10, within(1e-9));
            assertThat(d.box().x1()).isGreaterThanOrEqualTo(0);
            assertThat(d.box().x2()).isLessThanOrEqualTo(63);
            assertThat(d.box().y2()).isLessThanOrEqualTo(31);
        });
    }

    @Test
    void aBoxOnePixelWideStaysOnePixelWide() {
        List<Detection> boxes =
                RandomBoxes.on("k", new ImageSize(32, 32), List.of(new AnchorSize(1, 1)), 2000, new Random(2));

        assertThat(boxes)
                .hasSize(2000)
                .allSatisfy(d -> assertThat(d.box().x2()).isEqualTo(d.box().x1()));
    }
}
