package org.deeplesion.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.FontMetrics;
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

        BufferedImage chart = Charts.linesLog2X(
                "FROC", "FP per image", "sensitivity", List.of(x), List.of(y), List.of("model"), 0.125, 16, 0, 1);

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
    void aLegendShowsEveryNameWholeInsideTheImage() {
        List<String> names = List.of(
                "pseudo labels (k=12) [3f2a9c1b]",
                "pseudo labels (k=12) [3f2a9c1b] (complete truth)",
                "single class [0c1d2e3f] (complete truth), trained on an archive with a very long name",
                "random boxes");
        List<double[]> xs = new ArrayList<>();
        List<double[]> ys = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            xs.add(new double[] {0.125, 16});
            ys.add(new double[] {0.1 * i, 0.2 * i});
        }

        BufferedImage chart = Charts.linesLog2X("FROC", "FP per image", "sensitivity", xs, ys, names, 0.125, 16, 0, 1);

        FontMetrics metrics = Charts.textGraphics(new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB))
                .getFontMetrics(Charts.LEGEND_FONT);
        int textLeft = Charts.LEFT + Charts.PLOT_WIDTH + Charts.LEGEND_TEXT;
        for (int i = 0; i < names.size(); i++) {
            int baseline = Charts.TOP + 10 + i * Charts.LEGEND_ROW + 2;
            int end = textLeft + metrics.stringWidth(names.get(i));
            // The name's ink ends where its measured width does (an ellipsis would end it early), inside the image.
            int inkEnd = rightmostInk(chart, textLeft, baseline - metrics.getAscent(), baseline + metrics.getDescent());
            assertThat(inkEnd).as(names.get(i)).isBetween(end - 3, end);
            assertThat(end + Charts.LEGEND_MARGIN).as(names.get(i)).isLessThanOrEqualTo(chart.getWidth());
        }
    }

    @Test
    void aChartWithShortNamesKeepsItsUsualWidth() {
        BufferedImage chart = Charts.lines(
                "t",
                "x",
                "y",
                List.of(new double[] {0, 1}),
                List.of(new double[] {0, 1}),
                List.of("model"),
                0,
                1,
                0,
                1);

        assertThat(chart.getWidth()).isEqualTo(900);
    }

    /** The rightmost column from {@code from} on with a dark pixel between rows {@code top} and {@code bottom}. */
    private static int rightmostInk(BufferedImage image, int from, int top, int bottom) {
        int last = -1;
        for (int x = from; x < image.getWidth(); x++) {
            for (int y = Math.max(0, top); y <= Math.min(image.getHeight() - 1, bottom); y++) {
                int rgb = image.getRGB(x, y);
                int dark = 255 - Math.min((rgb >> 16) & 0xFF, Math.min((rgb >> 8) & 0xFF, rgb & 0xFF));
                if (dark > 60) {
                    last = x;
                }
            }
        }
        return last;
    }

    @Test
    void aLog2AxisNeedsAPositiveStart() {
        assertThatThrownBy(() -> Charts.linesLog2X(
                        "t", "x", "y", List.of(new double[] {1}), List.of(new double[] {1}), List.of("s"), 0, 16, 0, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("log2");
    }

    @Test
    void aSeriesNeedsAsManyYAsX() {
        assertThatThrownBy(() -> Charts.linesLog2X(
                        "t",
                        "x",
                        "y",
                        List.of(new double[] {1, 2}),
                        List.of(new double[] {1}),
                        List.of("curve"),
                        1,
                        16,
                        0,
                        1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("curve");
    }
}
