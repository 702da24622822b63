package org.deeplesion.report;

import static java.util.Objects.requireNonNull;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * The few plots the reports need, drawn with Java2D (headless): bar charts, coloured scatter plots and line charts,
 * written as PNG. Plain on purpose: axes, ticks, a title and a legend, nothing a plotting library would add.
 */
public final class Charts {

    /** A qualitative palette (Tableau 10), repeated for more groups. */
    private static final Color[] PALETTE = {
        new Color(0x4E79A7), new Color(0xF28E2B), new Color(0xE15759), new Color(0x76B7B2), new Color(0x59A14F),
        new Color(0xEDC948), new Color(0xB07AA1), new Color(0xFF9DA7), new Color(0x9C755F), new Color(0xBAB0AC)};

    private static final int WIDTH = 900;
    private static final int HEIGHT = 560;
    private static final int LEFT = 70;
    private static final int RIGHT = 250;
    private static final int TOP = 50;
    private static final int BOTTOM = 60;

    private Charts() {
    }

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
        Canvas c = new Canvas(title, 0, labels.size(), 0, max <= 0 ? 1 : max * 1.1);
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
    public static BufferedImage scatter(String title, String xLabel, String yLabel, double[] x, double[] y,
            int[] group, List<String> groupNames) {
        requireNonNull(groupNames, "groupNames");
        if (x.length != y.length || x.length != group.length || x.length == 0) {
            throw new IllegalArgumentException("a scatter plot needs x, y and group for every point, got " + x.length
                    + ", " + y.length + " and " + group.length);
        }
        double[] xr = range(x);
        double[] yr = range(y);
        Canvas c = new Canvas(title, xr[0], xr[1], yr[0], yr[1]);
        c.axes(xLabel, yLabel, true);
        for (int i = 0; i < x.length; i++) {
            c.g.setColor(colour(group[i]));
            c.g.fillOval(c.px(x[i]) - 3, c.py(y[i]) - 3, 7, 7);
        }
        c.legend(groupNames);
        return c.done();
    }

    /** Lines through points, one series per name, with a legend. */
    public static BufferedImage lines(String title, String xLabel, String yLabel, List<double[]> xs,
            List<double[]> ys, List<String> names, double xMin, double xMax, double yMin, double yMax) {
        if (xs.size() != ys.size() || xs.size() != names.size() || xs.isEmpty()) {
            throw new IllegalArgumentException("a line chart needs x, y and a name for every series");
        }
        Canvas c = new Canvas(title, xMin, xMax, yMin, yMax);
        c.axes(xLabel, yLabel, true);
        c.g.setStroke(new BasicStroke(2f));
        for (int s = 0; s < xs.size(); s++) {
            double[] x = xs.get(s);
            double[] y = ys.get(s);
            c.g.setColor(colour(s));
            for (int i = 1; i < x.length; i++) {
                c.g.drawLine(c.px(x[i - 1]), c.py(y[i - 1]), c.px(x[i]), c.py(y[i]));
            }
            for (int i = 0; i < x.length; i++) {
                c.g.fillOval(c.px(x[i]) - 3, c.py(y[i]) - 3, 7, 7);
            }
        }
        c.legend(names);
        return c.done();
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

    /** A chart's drawing surface with its data-to-pixel mapping. */
    private static final class Canvas {
        final BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        final Graphics2D g = image.createGraphics();
        final double xMin;
        final double xMax;
        final double yMin;
        final double yMax;

        Canvas(String title, double xMin, double xMax, double yMin, double yMax) {
            this.xMin = xMin;
            this.xMax = xMax > xMin ? xMax : xMin + 1;
            this.yMin = yMin;
            this.yMax = yMax > yMin ? yMax : yMin + 1;
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
            centred(title, (LEFT + WIDTH - RIGHT) / 2, 30);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        }

        int plotWidth() {
            return WIDTH - LEFT - RIGHT;
        }

        int px(double x) {
            return (int) Math.round(LEFT + (x - xMin) / (xMax - xMin) * plotWidth());
        }

        int py(double y) {
            return (int) Math.round(HEIGHT - BOTTOM - (y - yMin) / (yMax - yMin) * (HEIGHT - TOP - BOTTOM));
        }

        void axes(String xLabel, String yLabel, boolean xTicks) {
            g.setColor(Color.BLACK);
            g.drawLine(LEFT, HEIGHT - BOTTOM, WIDTH - RIGHT, HEIGHT - BOTTOM);
            g.drawLine(LEFT, TOP, LEFT, HEIGHT - BOTTOM);
            for (int t = 0; t <= 4; t++) {
                double y = yMin + (yMax - yMin) * t / 4;
                int p = py(y);
                g.setColor(new Color(0xE0E0E0));
                g.drawLine(LEFT + 1, p, WIDTH - RIGHT, p);
                g.setColor(Color.BLACK);
                g.drawString(format(y), 8, p + 4);
                if (xTicks) {
                    double x = xMin + (xMax - xMin) * t / 4;
                    centred(format(x), px(x), HEIGHT - BOTTOM + 16);
                }
            }
            centred(xLabel, (LEFT + WIDTH - RIGHT) / 2, HEIGHT - 15);
            g.drawString(yLabel, 8, TOP - 12);
        }

        void legend(List<String> names) {
            for (int i = 0; i < names.size(); i++) {
                int y = TOP + 10 + i * 20;
                g.setColor(colour(i));
                g.fillRect(WIDTH - RIGHT + 15, y - 9, 12, 12);
                g.setColor(Color.BLACK);
                g.drawString(names.get(i), WIDTH - RIGHT + 33, y + 2);
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
