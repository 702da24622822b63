package org.deeplesion.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.FontMetrics;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.List;
import org.deeplesion.ct.Window;
import org.deeplesion.detect.Detection;
import org.deeplesion.recist.BoundingBox;
import org.deeplesion.recist.ImageSize;
import org.junit.jupiter.api.Test;

class GalleryTest {

    private static final ImageSize SIZE = new ImageSize(64, 64);

    /** Soft tissue at the window's centre on the left half, air on the right. */
    private static short[] slice() {
        short[] hu = new short[64 * 64];
        for (int y = 0; y < 64; y++) {
            Arrays.fill(hu, y * 64, y * 64 + 32, (short) 40);
            Arrays.fill(hu, y * 64 + 32, y * 64 + 64, (short) -1000);
        }
        return hu;
    }

    /** The extent [x1, y1, x2, y2] of the pixels of exactly this colour, or null when there are none. */
    private static int[] extent(BufferedImage image, int rgb) {
        int[] e = null;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) & 0xFFFFFF) == rgb) {
                    e = e == null
                            ? new int[] {x, y, x, y}
                            : new int[] {Math.min(e[0], x), Math.min(e[1], y), Math.max(e[2], x), Math.max(e[3], y)};
                }
            }
        }
        return e;
    }

    /** The screen colour of soft tissue (40 HU) in the soft-tissue window: mid-grey. */
    private static int tissueGrey() {
        int value = Window.SOFT_TISSUE.toGrey(new short[] {40}, false)[0] & 0xFF;
        assertThat(value).isBetween(120, 135);
        return value << 16 | value << 8 | value;
    }

    @Test
    void boxesAreDrawnAroundThePixelsTheyCoverInTheirColours() {
        BoundingBox truth = new BoundingBox(4, 8, 13, 17);
        BoundingBox detected = new BoundingBox(40, 40, 51, 49);
        // No title or caption: their smoothed text would hold greys of its own.
        Gallery.Panel panel =
                new Gallery.Panel("", SIZE, slice(), List.of(truth), List.of(new Detection("a", detected, 0.87, 0)));

        BufferedImage image = Gallery.of("", List.of(panel), Window.SOFT_TISSUE, 4);

        // The soft-tissue half shows mid-grey: its extent is the slice's place on the screen, 4 px per pixel.
        int[] slice = extent(image, tissueGrey());
        assertThat(slice).isNotNull();
        double scale = (double) Gallery.PANEL / 64;
        int left = slice[0];
        int top = slice[1];
        assertThat(slice[3] - top + 1).isEqualTo(Gallery.PANEL);

        // The true box just outside its pixels, by the margin that keeps it visible under a detection.
        int m = Gallery.TRUTH_MARGIN;
        int[] green = extent(image, Gallery.TRUTH.getRGB() & 0xFFFFFF);
        assertThat(green[0]).isBetween(left + (int) (4 * scale) - m - 1, left + (int) (4 * scale) - m + 1);
        assertThat(green[2]).isBetween(left + (int) (14 * scale) + m - 2, left + (int) (14 * scale) + m);
        assertThat(green[1]).isBetween(top + (int) (8 * scale) - m - 1, top + (int) (8 * scale) - m + 1);
        assertThat(green[3]).isBetween(top + (int) (18 * scale) + m - 2, top + (int) (18 * scale) + m);

        // The detection's outline, and its score printed just above it.
        int[] red = extent(image, Gallery.DETECTION.getRGB() & 0xFFFFFF);
        assertThat(red[0]).isBetween(left + (int) (40 * scale) - 1, left + (int) (40 * scale) + 1);
        assertThat(red[3]).isBetween(top + (int) (50 * scale) - 2, top + (int) (50 * scale));
        assertThat(red[1]).isLessThan(top + (int) (40 * scale) - 5);
    }

    @Test
    void aDetectionOnATrueBoxLeavesTheTrueBoxVisible() {
        BoundingBox lesion = new BoundingBox(10, 10, 25, 25);
        Gallery.Panel panel =
                new Gallery.Panel("", SIZE, slice(), List.of(lesion), List.of(new Detection("a", lesion, 0.9, 0)));

        BufferedImage image = Gallery.of("", List.of(panel), Window.SOFT_TISSUE, 4);

        int[] green = extent(image, Gallery.TRUTH.getRGB() & 0xFFFFFF);
        int[] red = extent(image, Gallery.DETECTION.getRGB() & 0xFFFFFF);
        assertThat(green).isNotNull();
        assertThat(green[2] - green[0]).isGreaterThan(red[2] - red[0]);
    }

    @Test
    void theSliceIsShownThroughTheWindow() {
        Gallery.Panel panel = new Gallery.Panel("", SIZE, slice(), List.of(), List.of());

        BufferedImage image = Gallery.of("", List.of(panel), Window.SOFT_TISSUE, 4);

        int[] tissue = extent(image, tissueGrey());
        // Air lies below the soft-tissue window: black, right of the tissue, as wide.
        int[] air = extent(image, 0);
        assertThat(air[0]).isEqualTo(tissue[2] + 1);
        assertThat(air[2] - air[0]).isEqualTo(tissue[2] - tissue[0]);
    }

    @Test
    void panelsFillRowsOfTheAskedWidth() {
        Gallery.Panel panel = new Gallery.Panel("slice", SIZE, slice(), List.of(), List.of());

        BufferedImage three = Gallery.of("test", List.of(panel, panel, panel), Window.SOFT_TISSUE, 2);
        BufferedImage one = Gallery.of("test", List.of(panel), Window.SOFT_TISSUE, 2);

        assertThat(three.getWidth()).isGreaterThan(2 * Gallery.PANEL).isLessThan(3 * Gallery.PANEL);
        assertThat(three.getHeight()).isGreaterThan(2 * Gallery.PANEL);
        assertThat(one.getWidth()).isLessThan(2 * Gallery.PANEL);
    }

    @Test
    void aTitleWiderThanTheGalleryIsBrokenIntoWholeLinesInsideIt() {
        String title = "pseudo labels (k=5) [3f2a9c1b] on test key slices: bookmarked lesions green, detections at 4 "
                + "FP per image (score >= 0.123) red";
        Gallery.Panel panel = new Gallery.Panel("slice", SIZE, slice(), List.of(), List.of());

        BufferedImage one = Gallery.of(title, List.of(panel), Window.SOFT_TISSUE, 4);

        FontMetrics metrics = Charts.textGraphics(new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB))
                .getFontMetrics(Gallery.TITLE_FONT);
        int room = one.getWidth() - 2 * Gallery.GAP;
        List<String> lines = Gallery.titleLines(title, metrics, room);
        assertThat(lines).hasSizeGreaterThan(1);
        assertThat(String.join(" ", lines)).isEqualTo(title);
        assertThat(lines)
                .allSatisfy(line -> assertThat(metrics.stringWidth(line)).isLessThanOrEqualTo(room));
        // The panel moves down by the extra lines: no ink of the title reaches past the image's right edge or into
        // the slice.
        int titleBottom = Gallery.TITLE + (lines.size() - 1) * Gallery.TITLE_LINE;
        assertThat(one.getHeight())
                .isEqualTo(titleBottom
                        + Gallery.of("t", List.of(panel), Window.SOFT_TISSUE, 4).getHeight()
                        - Gallery.TITLE);
        for (int y = 0; y < titleBottom; y++) {
            assertThat(one.getRGB(one.getWidth() - 1, y) & 0xFFFFFF)
                    .as("right edge at row %d", y)
                    .isEqualTo(0xFFFFFF);
        }
    }

    @Test
    void aWordWiderThanALineIsBrokenWhereItMust() {
        FontMetrics metrics = Charts.textGraphics(new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB))
                .getFontMetrics(Gallery.TITLE_FONT);
        String id = "train-3f2a9c1b-5d4e-4f60-8a7b-0c1d2e3f4a5b";

        List<String> lines = Gallery.titleLines("model " + id, metrics, metrics.stringWidth("train-3f2a9c1b"));

        assertThat(lines.get(0)).isEqualTo("model");
        assertThat(String.join("", lines.subList(1, lines.size()))).isEqualTo(id);
        assertThat(lines)
                .allSatisfy(line -> assertThat(metrics.stringWidth(line))
                        .isLessThanOrEqualTo(metrics.stringWidth("train-3f2a9c1b")));
    }

    @Test
    void aPanelWhosePixelsDoNotFitItsSizeIsRefusedByCaption() {
        assertThatThrownBy(
                        () -> new Gallery.Panel("slice 7", new ImageSize(10, 10), new short[99], List.of(), List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("slice 7");
    }
}
