package org.deeplesion.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.deeplesion.recist.BoundingBox;
import org.deeplesion.recist.ImageSize;
import org.junit.jupiter.api.Test;

class BoxCoderTest {

    private static final BoundingBox ANCHOR = new BoundingBox(10, 20, 25, 27); // 16 x 8 pixels, centre (17.5, 23.5)

    @Test
    void boxEqualToItsReferenceEncodesAsZero() {
        assertThat(BoxCoder.REFINEMENT.encode(ANCHOR, ANCHOR)).isEqualTo(new BoxDelta(0, 0, 0, 0));
    }

    @Test
    void deltasAreCentreShiftsInReferenceSizesAndLogSizeRatios() {
        // 32 x 8 pixels centred 4 px right of and 2 px above the anchor's centre.
        BoundingBox box = new BoundingBox(6, 18, 37, 25);

        BoxDelta delta = BoxCoder.PROPOSALS.encode(ANCHOR, box);

        assertThat(delta.dx()).isCloseTo(4.0 / 16, within(1e-12));
        assertThat(delta.dy()).isCloseTo(-2.0 / 8, within(1e-12));
        assertThat(delta.dw()).isCloseTo(Math.log(2), within(1e-12));
        assertThat(delta.dh()).isCloseTo(0, within(1e-12));
    }

    @Test
    void weightsScaleEachDelta() {
        BoundingBox box = new BoundingBox(6, 18, 37, 25);
        BoxDelta plain = BoxCoder.PROPOSALS.encode(ANCHOR, box);

        BoxDelta weighted = new BoxCoder(10, 10, 5, 5).encode(ANCHOR, box);

        assertThat(weighted.dx()).isCloseTo(10 * plain.dx(), within(1e-12));
        assertThat(weighted.dy()).isCloseTo(10 * plain.dy(), within(1e-12));
        assertThat(weighted.dw()).isCloseTo(5 * plain.dw(), within(1e-12));
    }

    @Test
    void decodingAnEncodedBoxGivesTheBoxBack() {
        Random random = new Random(3);
        for (BoxCoder coder : new BoxCoder[] {BoxCoder.PROPOSALS, BoxCoder.REFINEMENT, new BoxCoder(2, 3, 0.5, 7)}) {
            for (int i = 0; i < 1000; i++) {
                BoundingBox reference = randomBox(random);
                BoundingBox box = randomBox(random);

                BoundingBox decoded = coder.decode(reference, coder.encode(reference, box));

                assertThat(decoded.x1()).isCloseTo(box.x1(), within(1e-9));
                assertThat(decoded.y1()).isCloseTo(box.y1(), within(1e-9));
                assertThat(decoded.x2()).isCloseTo(box.x2(), within(1e-9));
                assertThat(decoded.y2()).isCloseTo(box.y2(), within(1e-9));
            }
        }
    }

    @Test
    void decodingCapsTheSizeRatio() {
        BoundingBox decoded = BoxCoder.PROPOSALS.decode(ANCHOR, new BoxDelta(0, 0, 50, 50));

        assertThat(decoded.width()).isCloseTo(16 * 1000.0 / 16, within(1e-6));
        assertThat(decoded.height()).isCloseTo(8 * 1000.0 / 16, within(1e-6));
        assertThat(decoded.centre().distanceTo(ANCHOR.centre())).isLessThan(1e-9);
    }

    @Test
    void decodedSizeIsAtLeastOnePixel() {
        BoundingBox decoded = BoxCoder.PROPOSALS.decode(ANCHOR, new BoxDelta(0, 0, -30, -30));

        assertThat(decoded.width()).isEqualTo(1);
        assertThat(decoded.height()).isEqualTo(1);
        assertThat(decoded.centre()).isEqualTo(ANCHOR.centre());
    }

    @Test
    void clippingKeepsTheBoxWithinThePixelCentresOfTheImage() {
        ImageSize image = new ImageSize(64, 128);

        assertThat(BoxCoder.clip(new BoundingBox(-5, 10, 200, 70), image)).isEqualTo(new BoundingBox(0, 10, 127, 63));
        assertThat(BoxCoder.clip(new BoundingBox(3, 4, 5, 6), image)).isEqualTo(new BoundingBox(3, 4, 5, 6));
    }

    @Test
    void boxWhollyOutsideTheImageClipsOntoTheNearestEdge() {
        assertThat(BoxCoder.clip(new BoundingBox(200, -9, 210, -2), new ImageSize(64, 128)))
                .isEqualTo(new BoundingBox(127, 0, 127, 0));
    }

    @Test
    void nonPositiveWeightIsRejected() {
        assertThatThrownBy(() -> new BoxCoder(1, 0, 1, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("positive");
    }

    private static BoundingBox randomBox(Random random) {
        double x = random.nextDouble() * 500 - 50;
        double y = random.nextDouble() * 500 - 50;
        // Up to 60 x the smallest size, within the decoder's size-ratio cap.
        return new BoundingBox(x, y, x + random.nextDouble() * 59, y + random.nextDouble() * 59);
    }
}
