package org.deeplesion.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChartsTest {

    /** The centres of the runs of columns where the series colour is at least {@code thick} pixels tall. */
    private static List<Double> dotCentres(BufferedImage image, int rgb, int thick) {
        List<Double> centres = new ArrayList<>();
        int runStart = -1;
        for (int x = 0; x <= image.getWidth(); x++) {
            int count = 0;
            for (int y = 0; x < image.getWidth() && y < image.getHeight(); y++) {
                if ((image.getRGB(x, y) & 0xFFFFFF) == rgb) {
                    count++;
                }
            }
            if (count >= thick && runStart < 0) {
                runStart = x;
            } else if (count < thick && runStart >= 0) {
                centres.add((runStart + x - 1) / 2.0);
                runStart = -1;
            }
        }
        return centres;
    }

    @Test
    void aLog2AxisSpacesEveryDoublingAlikeAndDotsThePowersOfTwo() {
        // A flat line sampled densely: dots only where x is a power of two, the lines between them 2 px thick.
        double[] x = new double[57];
        double[] y = new double[57];
        for (int i = 0; i < x.length; i++) {
            x[i] = Math.pow(2, -3 + i / 8.0);
            y[i] = 0.5;
        }

        BufferedImage chart = Charts.linesLog2X("FROC", "FP per image", "sensitivity", List.of(x), List.of(y),
                List.of("model"), 0.125, 16, 0, 1);

        List<Double> dots = dotCentres(chart, Charts.colour(0).getRGB() & 0xFFFFFF, 5);
        // 0.125 ... 16 on the plot, and the legend's swatch at the right.
        assertThat(dots).hasSize(9);
        double step = dots.get(1) - dots.get(0);
        assertThat(step).isGreaterThan(50);
        for (int i = 1; i < 8; i++) {
            assertThat(dots.get(i) - dots.get(i - 1)).as("doubling %d", i).isBetween(step - 1.5, step + 1.5);
        }
    }

    @Test
    void aLog2AxisNeedsAPositiveStart() {
        assertThatThrownBy(() -> Charts.linesLog2X("t", "x", "y", List.of(new double[] {1}),
                List.of(new double[] {1}), List.of("s"), 0, 16, 0, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("log2");
    }

    @Test
    void aSeriesNeedsAsManyYAsX() {
        assertThatThrownBy(() -> Charts.linesLog2X("t", "x", "y", List.of(new double[] {1, 2}),
                List.of(new double[] {1}), List.of("curve"), 1, 16, 0, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("curve");
    }
}
