package org.deeplesion.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.deeplesion.ct.Window;
import org.junit.jupiter.api.Test;

class CropGeometryTest {

    /** 8 x 8 px at 1 and 3 mm per pixel, through two windows: 2 scales x 2 windows x 3 slices = 12 channels. */
    private static final CropGeometry GEOMETRY =
            new CropGeometry(8, List.of(1.0, 3.0), 2, List.of(Window.SOFT_TISSUE, new Window(0, 2000)));

    @Test
    void theCloseUpIsTheKeySliceAtTheFinestScaleThroughTheFirstWindow() {
        assertThat(GEOMETRY.closeUpChannel())
                .isEqualTo(GEOMETRY.channel(0, 0, 1))
                .isEqualTo(1);
    }

    @Test
    void theContextIsTheKeySliceAtTheCoarsestScaleThroughTheLastWindow() {
        assertThat(GEOMETRY.contextChannel())
                .isEqualTo(GEOMETRY.channel(1, 1, 1))
                .isEqualTo(10);
    }

    @Test
    void aPlaneIsOneChannelsValuesRowByRow() {
        float[] crop = new float[GEOMETRY.length()];
        for (int i = 0; i < crop.length; i++) {
            crop[i] = i;
        }

        float[] plane = GEOMETRY.plane(crop, 10);

        assertThat(plane).hasSize(64);
        assertThat(plane[0]).isEqualTo(640f);
        assertThat(plane[63]).isEqualTo(703f);
    }

    @Test
    void aCropOfAnotherGeometryIsRefused() {
        assertThatThrownBy(() -> GEOMETRY.plane(new float[64], 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("64 values");
    }

    @Test
    void aChannelBeyondTheCropIsRefused() {
        assertThatThrownBy(() -> GEOMETRY.plane(new float[GEOMETRY.length()], 12))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("channel 12");
    }
}
