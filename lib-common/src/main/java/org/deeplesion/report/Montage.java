package org.deeplesion.report;

import static java.util.Objects.requireNonNull;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * A grid of grey tiles with a label per row: e.g. the lesions nearest each cluster centre, one cluster per row.
 */
public final class Montage {

    private static final int LABEL_WIDTH = 240;
    private static final int GAP = 4;

    private Montage() {}

    /**
     * @param rows per row, its tiles as grey levels in [0, 1], each {@code tile x tile} row-major
     * @param labels one per row
     * @param scale screen pixels per tile pixel
     */
    public static BufferedImage of(List<List<float[]>> rows, List<String> labels, int tile, int scale) {
        requireNonNull(rows, "rows");
        requireNonNull(labels, "labels");
        if (rows.size() != labels.size() || rows.isEmpty()) {
            throw new IllegalArgumentException(
                    "a montage needs one label per row, got " + rows.size() + " rows and " + labels.size() + " labels");
        }
        int columns = rows.stream().mapToInt(List::size).max().orElse(0);
        int cell = tile * scale + GAP;
        BufferedImage image = new BufferedImage(
                LABEL_WIDTH + Math.max(1, columns) * cell + GAP, rows.size() * cell + GAP, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        for (int r = 0; r < rows.size(); r++) {
            int top = GAP + r * cell;
            g.setColor(Color.BLACK);
            g.drawString(labels.get(r), 8, top + cell / 2);
            for (int c = 0; c < rows.get(r).size(); c++) {
                float[] pixels = rows.get(r).get(c);
                if (pixels.length != tile * tile) {
                    throw new IllegalArgumentException("tile " + c + " of row " + r + " has " + pixels.length
                            + " pixels, not " + tile + " x " + tile);
                }
                int left = LABEL_WIDTH + c * cell;
                for (int y = 0; y < tile * scale; y++) {
                    for (int x = 0; x < tile * scale; x++) {
                        float v = pixels[(y / scale) * tile + x / scale];
                        int grey = Math.round(255 * Math.max(0, Math.min(1, v)));
                        image.setRGB(left + x, top + y, grey << 16 | grey << 8 | grey);
                    }
                }
            }
        }
        g.dispose();
        return image;
    }
}
