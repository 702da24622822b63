package org.deeplesion.report;

import static java.util.Objects.requireNonNull;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.deeplesion.ct.Window;
import org.deeplesion.detect.Detection;
import org.deeplesion.recist.BoundingBox;
import org.deeplesion.recist.ImageSize;

/**
 * Slices with their true lesions and a detector's boxes, side by side: each slice through a HU window, true boxes in
 * {@link #TRUTH green}, detections in {@link #DETECTION red} with their scores, a caption under each. What a FROC
 * number cannot show: which lesions a detector finds, and what it takes for one.
 */
public final class Gallery {

    public static final Color TRUTH = new Color(0x22C55E);
    public static final Color DETECTION = new Color(0xEF4444);

    /** Screen pixels of a panel's longer side: a 512 x 512 slice is halved, a 64 x 64 one shown four times. */
    static final int PANEL = 256;
    /** True boxes are drawn this many screen pixels outside their pixels, so that a detection on one hides none. */
    static final int TRUTH_MARGIN = 3;

    static final int GAP = 10;
    /** The title's band when it fits on one line; each further line adds a {@link #TITLE_LINE}. */
    static final int TITLE = 34;

    static final int TITLE_LINE = 19;
    static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 15);
    private static final int CAPTION_LINE = 15;

    private Gallery() {}

    /**
     * One slice of the gallery.
     *
     * @param caption shown under the slice; a line break starts a second line
     * @param hu the slice's HU, row-major
     * @param truth the true lesions' boxes, 0-based pixel centres with inclusive extents
     * @param detections drawn with their scores
     */
    public record Panel(
            String caption, ImageSize size, short[] hu, List<BoundingBox> truth, List<Detection> detections) {

        public Panel {
            requireNonNull(caption, "caption");
            requireNonNull(size, "size");
            requireNonNull(hu, "hu");
            truth = List.copyOf(requireNonNull(truth, "truth"));
            detections = List.copyOf(requireNonNull(detections, "detections"));
            if (hu.length != size.rows() * size.columns()) {
                throw new IllegalArgumentException("panel '" + caption + "' has " + hu.length + " HU values for a "
                        + size.columns() + " x " + size.rows() + " slice");
            }
        }
    }

    /**
     * @param window the HU window every slice is shown through
     * @param perRow panels per row of the gallery
     */
    public static BufferedImage of(String title, List<Panel> panels, Window window, int perRow) {
        requireNonNull(title, "title");
        requireNonNull(panels, "panels");
        requireNonNull(window, "window");
        if (panels.isEmpty() || perRow < 1) {
            throw new IllegalArgumentException("a gallery needs at least one panel and one panel per row, got "
                    + panels.size() + " and " + perRow);
        }
        int columns = Math.min(perRow, panels.size());
        int rows = (panels.size() + columns - 1) / columns;
        int lines = panels.stream()
                .mapToInt(p -> p.caption().split("\n", -1).length)
                .max()
                .orElse(1);
        int cellHeight = PANEL + 6 + lines * CAPTION_LINE;
        int width = GAP + columns * (PANEL + GAP);
        List<String> titleLines = titleLines(
                title,
                Charts.textGraphics(new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB))
                        .getFontMetrics(TITLE_FONT),
                width - 2 * GAP);
        int titleHeight = TITLE + (titleLines.size() - 1) * TITLE_LINE;
        BufferedImage image =
                new BufferedImage(width, titleHeight + rows * (cellHeight + GAP), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        g.setColor(Color.BLACK);
        g.setFont(TITLE_FONT);
        for (int i = 0; i < titleLines.size(); i++) {
            g.drawString(titleLines.get(i), GAP, 23 + i * TITLE_LINE);
        }
        for (int i = 0; i < panels.size(); i++) {
            int left = GAP + (i % columns) * (PANEL + GAP);
            int top = titleHeight + (i / columns) * (cellHeight + GAP);
            draw(g, panels.get(i), window, left, top);
        }
        g.dispose();
        return image;
    }

    /**
     * The title broken into lines no wider than {@code width}, between words where it can be: a gallery of a few
     * narrow panels still names its model in full. A word wider than a line (a long id) is broken where it must.
     */
    static List<String> titleLines(String title, FontMetrics metrics, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : title.split(" ")) {
            String joined = line.isEmpty() ? word : line + " " + word;
            if (metrics.stringWidth(joined) <= width) {
                line.setLength(0);
                line.append(joined);
                continue;
            }
            if (!line.isEmpty()) {
                lines.add(line.toString());
                line.setLength(0);
            }
            String rest = word;
            while (metrics.stringWidth(rest) > width && rest.length() > 1) {
                int fits = rest.length() - 1;
                while (fits > 1 && metrics.stringWidth(rest.substring(0, fits)) > width) {
                    fits--;
                }
                lines.add(rest.substring(0, fits));
                rest = rest.substring(fits);
            }
            line.append(rest);
        }
        lines.add(line.toString());
        return lines;
    }

    private static void draw(Graphics2D g, Panel panel, Window window, int left, int top) {
        int rows = panel.size().rows();
        int columns = panel.size().columns();
        double scale = (double) PANEL / Math.max(rows, columns);
        // RGB, not TYPE_BYTE_GRAY: Java2D treats a grey image as linear light and brightens it on an sRGB screen.
        byte[] grey = window.toGrey(panel.hu(), false);
        int[] rgb = new int[grey.length];
        for (int i = 0; i < grey.length; i++) {
            int v = grey[i] & 0xFF;
            rgb[i] = v << 16 | v << 8 | v;
        }
        BufferedImage slice = new BufferedImage(columns, rows, BufferedImage.TYPE_INT_RGB);
        slice.setRGB(0, 0, columns, rows, rgb, 0, columns);
        // Enlarged slices keep their pixels sharp, to judge a box to the pixel; reduced ones are smoothed.
        g.setRenderingHint(
                RenderingHints.KEY_INTERPOLATION,
                scale >= 1
                        ? RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR
                        : RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        int width = (int) Math.round(columns * scale);
        int height = (int) Math.round(rows * scale);
        g.drawImage(slice, left, top, width, height, null);

        g.setClip(left, top, width, height);
        g.setStroke(new BasicStroke(2f));
        g.setColor(TRUTH);
        for (BoundingBox box : panel.truth()) {
            outline(g, box, left, top, scale, TRUTH_MARGIN);
        }
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 11));
        FontMetrics metrics = g.getFontMetrics();
        for (Detection detection : panel.detections()) {
            g.setColor(DETECTION);
            int[] r = outline(g, detection.box(), left, top, scale, 0);
            String score = String.format(Locale.ROOT, "%.2f", detection.score());
            int textTop = r[1] - metrics.getHeight() >= top ? r[1] - metrics.getHeight() : r[1] + r[3];
            g.setColor(Color.BLACK);
            g.fillRect(r[0], textTop, metrics.stringWidth(score) + 4, metrics.getHeight());
            g.setColor(DETECTION);
            g.drawString(score, r[0] + 2, textTop + metrics.getAscent());
        }
        g.setClip(null);

        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        String[] lines = panel.caption().split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            g.drawString(lines[i], left, top + PANEL + 4 + (i + 1) * CAPTION_LINE - 3);
        }
    }

    /**
     * Draws a box's outline around the pixels it covers, {@code margin} screen pixels further out: the slice's pixel
     * x fills screen columns [x, x + 1) times the scale, so an inclusive box runs from its first pixel's outer edge
     * to its last's. Returns left, top, width and height on the screen.
     */
    private static int[] outline(Graphics2D g, BoundingBox box, int left, int top, double scale, int margin) {
        int x = left + (int) Math.round(box.x1() * scale) - margin;
        int y = top + (int) Math.round(box.y1() * scale) - margin;
        int w = (int) Math.round(box.width() * scale) + 2 * margin;
        int h = (int) Math.round(box.height() * scale) + 2 * margin;
        g.drawRect(x, y, Math.max(1, w - 1), Math.max(1, h - 1));
        return new int[] {x, y, w, h};
    }
}
