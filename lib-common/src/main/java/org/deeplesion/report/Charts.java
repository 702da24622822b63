package org.deeplesion.report;

import static java.util.Objects.requireNonNull;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.function.DoublePredicate;
import javax.imageio.ImageIO;

/**
 * The few plots the reports need, drawn with Java2D (headless): bar charts, coloured scatter plots and line charts,
 * written as PNG. Plain on purpose: axes, ticks, a title and a legend, nothing a plotting library would add.
 */
public final class Charts {

    /** A qualitative palette (Tableau 10), repeated for more groups. */
    private static final Color[] PALETTE = {
        new Color(0x4E79A7), new Color(0xF28E2B), new Color(0xE15759), new Color(0x76B7B2), new Color(0x59A14F),
        new Color(0xEDC948), new Color(0xB07AA1), new Color(0xFF9DA7), new Color(0x9C755F), new Color(0xBAB0AC)
    };

    private static final int HEIGHT = 560;
    static final int LEFT = 70;
    static final int PLOT_WIDTH = 580;
    /** Room right of the plot at least: the width a chart keeps whatever its legend says. */
    private static final int RIGHT = 250;

    static final int TOP = 50;
    private static final int BOTTOM = 60;
    /** A legend entry's text starts this far right of the plot, after its colour swatch. */
    static final int LEGEND_TEXT = 33;

    static final int LEGEND_ROW = 20;
    /** White right of the longest legend entry. */
    static final int LEGEND_MARGIN = 12;

    static final Font LEGEND_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);

    private Charts() {}

    public static Color colour(int group) {
        return PALETTE[Math.floorMod(group, PALETTE.length)];
    }

    /** One bar per label. */
    public static BufferedImage bars(String title, String yLabel, List<String> labels, List<? extends Number> values) {
        requireNonNull(labels, "labels");
        requireNonNull(values, "values");
        if (labels.size() != values.size() || labels.isEmpty()) {
            throw new IllegalArgumentException("a bar chart needs one value per label, got " + labels.size()
                    + " labels and " + values.size() + " values");
        }
        double max = values.stream().mapToDouble(Number::doubleValue).max().orElse(1);
        Canvas c = new Canvas(title, List.of(), 0, labels.size(), 0, max <= 0 ? 1 : max * 1.1, false);
        c.axes("", yLabel, false);
        double slot = c.plotWidth() / (double) labels.size();
        for (int i = 0; i < labels.size(); i++) {
            double v = values.get(i).doubleValue();
            int x = (int) (LEFT + i * slot + slot * 0.15);
            int y = c.py(v);
            c.g.setColor(colour(i));
            c.g.fillRect(x, y, (int) Math.max(1, slot * 0.7), HEIGHT - BOTTOM - y);
            c.g.setColor(Color.DARK_GRAY);
            c.centred(labels.get(i), (int) (LEFT + (i + 0.5) * slot), HEIGHT - BOTTOM + 18);
            c.centred(format(v), (int) (LEFT + (i + 0.5) * slot), y - 5);
        }
        return c.done();
    }

    /** Points coloured by group, with a legend naming each group. */
    public static BufferedImage scatter(
            String title, String xLabel, String yLabel, double[] x, double[] y, int[] group, List<String> groupNames) {
        requireNonNull(groupNames, "groupNames");
        if (x.length != y.length || x.length != group.length || x.length == 0) {
            throw new IllegalArgumentException("a scatter plot needs x, y and group for every point, got " + x.length
                    + ", " + y.length + " and " + group.length);
        }
        double[] xr = range(x);
        double[] yr = range(y);
        Canvas c = new Canvas(title, groupNames, xr[0], xr[1], yr[0], yr[1], false);
        c.axes(xLabel, yLabel, true);
        for (int i = 0; i < x.length; i++) {
            c.g.setColor(colour(group[i]));
            c.g.fillOval(c.px(x[i]) - 3, c.py(y[i]) - 3, 7, 7);
        }
        c.legend(groupNames);
        return c.done();
    }

    /** Lines through points, one series per name, with a legend; a dot marks every point. */
    public static BufferedImage lines(
            String title,
            String xLabel,
            String yLabel,
            List<double[]> xs,
            List<double[]> ys,
            List<String> names,
            double xMin,
            double xMax,
            double yMin,
            double yMax) {
        Canvas c = new Canvas(title, names, xMin, xMax, yMin, yMax, false);
        c.axes(xLabel, yLabel, true);
        drawLines(c, xs, ys, names, x -> true);
        return c.done();
    }

    /**
     * Lines through points over an x axis in powers of two, as FROC curves are drawn: 0.5, 1, 2 and 4 false
     * positives per image lie equally far apart, so the low rates that matter most are not squeezed into a corner.
     * Ticks stand at the powers of two in range; a dot marks each point on a tick, so that a dense curve shows its
     * values where the eye reads them. Lines are clipped to the plot.
     *
     * @throws IllegalArgumentException when {@code xMin} is not positive
     */
    public static BufferedImage linesLog2X(
            String title,
            String xLabel,
            String yLabel,
            List<double[]> xs,
            List<double[]> ys,
            List<String> names,
            double xMin,
            double xMax,
            double yMin,
            double yMax) {
        if (!(xMin > 0) || Double.isInfinite(xMax)) {
            throw new IllegalArgumentException(
                    "a log2 axis needs 0 < xMin and a finite xMax, was " + xMin + ".." + xMax);
        }
        Canvas c = new Canvas(title, names, xMin, xMax, yMin, yMax, true);
        c.axes(xLabel, yLabel, true);
        drawLines(c, xs, ys, names, Charts::isPowerOfTwo);
        return c.done();
    }

    private static void drawLines(
            Canvas c, List<double[]> xs, List<double[]> ys, List<String> names, DoublePredicate dotAt) {
        requireNonNull(xs, "xs");
        requireNonNull(ys, "ys");
        requireNonNull(names, "names");
        if (xs.size() != ys.size() || xs.size() != names.size() || xs.isEmpty()) {
            throw new IllegalArgumentException("a line chart needs x, y and a name for every series, got " + xs.size()
                    + ", " + ys.size() + " and " + names.size());
        }
        // A little beyond the axes, so that a dot on the plot's edge is drawn whole.
        c.g.setClip(LEFT - 4, TOP - 4, c.plotWidth() + 9, HEIGHT - TOP - BOTTOM + 9);
        c.g.setStroke(new BasicStroke(2f));
        for (int s = 0; s < xs.size(); s++) {
            double[] x = xs.get(s);
            double[] y = ys.get(s);
            if (x.length != y.length) {
                throw new IllegalArgumentException(
                        "series " + names.get(s) + " has " + x.length + " x and " + y.length + " y values");
            }
            c.g.setColor(colour(s));
            for (int i = 1; i < x.length; i++) {
                c.g.drawLine(c.px(x[i - 1]), c.py(y[i - 1]), c.px(x[i]), c.py(y[i]));
            }
            for (int i = 0; i < x.length; i++) {
                if (dotAt.test(x[i])) {
                    c.g.fillOval(c.px(x[i]) - 3, c.py(y[i]) - 3, 7, 7);
                }
            }
        }
        c.g.setClip(null);
        c.legend(names);
    }

    private static boolean isPowerOfTwo(double x) {
        if (!(x > 0) || Double.isInfinite(x)) {
            return false;
        }
        double exponent = Math.log(x) / Math.log(2);
        return Math.abs(exponent - Math.rint(exponent)) < 1e-9;
    }

    public static byte[] png(BufferedImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, "png", out)) {
                throw new IllegalStateException("no PNG writer for a " + image.getType() + " image");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static String format(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e9 ? Long.toString((long) v) : String.format(Locale.ROOT, "%.3g", v);
    }

    private static double[] range(double[] v) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double d : v) {
            lo = Math.min(lo, d);
            hi = Math.max(hi, d);
        }
        double pad = hi > lo ? (hi - lo) * 0.05 : 1;
        return new double[] {lo - pad, hi + pad};
    }

    /**
     * The width a chart needs for its legend to be read whole: names are what tells the curves apart, so they are
     * never shortened; the chart grows instead.
     */
    static int width(List<String> legend) {
        FontMetrics metrics = textGraphics(new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB))
                .getFontMetrics(LEGEND_FONT);
        int longest = legend.stream().mapToInt(metrics::stringWidth).max().orElse(0);
        return LEFT + PLOT_WIDTH + Math.max(RIGHT, LEGEND_TEXT + longest + LEGEND_MARGIN);
    }

    /** Graphics with the hints every chart's text is drawn and measured with, so that measures match drawings. */
    static Graphics2D textGraphics(BufferedImage image) {
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        return g;
    }

    /** A chart's drawing surface with its data-to-pixel mapping. */
    private static final class Canvas {
        final BufferedImage image;
        final Graphics2D g;
        final double xMin;
        final double xMax;
        final double yMin;
        final double yMax;
        /** x is drawn at log2(x): equal ratios equally far apart. */
        final boolean log2X;

        Canvas(String title, List<String> legend, double xMin, double xMax, double yMin, double yMax, boolean log2X) {
            requireNonNull(legend, "legend");
            int height = Math.max(HEIGHT, TOP + legend.size() * LEGEND_ROW + LEGEND_MARGIN);
            image = new BufferedImage(width(legend), height, BufferedImage.TYPE_INT_RGB);
            g = textGraphics(image);
            this.log2X = log2X;
            this.xMin = xMin;
            this.xMax = xMax > xMin ? xMax : log2X ? xMin * 2 : xMin + 1;
            this.yMin = yMin;
            this.yMax = yMax > yMin ? yMax : yMin + 1;
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
            centred(title, LEFT + PLOT_WIDTH / 2, 30);
            g.setFont(LEGEND_FONT);
        }

        int plotWidth() {
            return PLOT_WIDTH;
        }

        int px(double x) {
            double share = log2X ? Math.log(x / xMin) / Math.log(xMax / xMin) : (x - xMin) / (xMax - xMin);
            return (int) Math.round(LEFT + share * plotWidth());
        }

        int py(double y) {
            return (int) Math.round(HEIGHT - BOTTOM - (y - yMin) / (yMax - yMin) * (HEIGHT - TOP - BOTTOM));
        }

        void axes(String xLabel, String yLabel, boolean xTicks) {
            g.setColor(Color.BLACK);
            g.drawLine(LEFT, HEIGHT - BOTTOM, LEFT + PLOT_WIDTH, HEIGHT - BOTTOM);
            g.drawLine(LEFT, TOP, LEFT, HEIGHT - BOTTOM);
            for (int t = 0; t <= 4; t++) {
                double y = yMin + (yMax - yMin) * t / 4;
                int p = py(y);
                g.setColor(new Color(0xE0E0E0));
                g.drawLine(LEFT + 1, p, LEFT + PLOT_WIDTH, p);
                g.setColor(Color.BLACK);
                g.drawString(format(y), 8, p + 4);
                if (xTicks && !log2X) {
                    double x = xMin + (xMax - xMin) * t / 4;
                    centred(format(x), px(x), HEIGHT - BOTTOM + 16);
                }
            }
            if (xTicks && log2X) {
                for (int e = (int) Math.ceil(Math.log(xMin) / Math.log(2) - 1e-9);
                        Math.pow(2, e) <= xMax * (1 + 1e-9);
                        e++) {
                    double x = Math.pow(2, e);
                    int p = px(x);
                    g.setColor(new Color(0xE0E0E0));
                    g.drawLine(p, TOP, p, HEIGHT - BOTTOM - 1);
                    g.setColor(Color.BLACK);
                    g.drawLine(p, HEIGHT - BOTTOM, p, HEIGHT - BOTTOM + 4);
                    centred(BigDecimal.valueOf(x).stripTrailingZeros().toPlainString(), p, HEIGHT - BOTTOM + 16);
                }
            }
            centred(xLabel, LEFT + PLOT_WIDTH / 2, HEIGHT - 15);
            g.drawString(yLabel, 8, TOP - 12);
        }

        /** The canvas is as wide as {@link #width} says its longest name needs. */
        void legend(List<String> names) {
            g.setFont(LEGEND_FONT);
            for (int i = 0; i < names.size(); i++) {
                int y = TOP + 10 + i * LEGEND_ROW;
                g.setColor(colour(i));
                g.fillRect(LEFT + PLOT_WIDTH + 15, y - 9, 12, 12);
                g.setColor(Color.BLACK);
                g.drawString(names.get(i), LEFT + PLOT_WIDTH + LEGEND_TEXT, y + 2);
            }
        }

        void centred(String text, int x, int y) {
            g.drawString(text, x - g.getFontMetrics().stringWidth(text) / 2, y);
        }

        BufferedImage done() {
            g.dispose();
            return image;
        }
    }
}
