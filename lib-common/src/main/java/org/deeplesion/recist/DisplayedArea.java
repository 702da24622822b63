package org.deeplesion.recist;

/**
 * Maps DISPLAY annotation units (PS3.3 C.10.5.1.2: fractions of the displayed area, 0.0\0.0 its top left and
 * 1.0\1.0 its bottom right hand corner) to PIXEL units, the image-relative space of {@link GraphicPixelCoordinates}.
 *
 * <p>The displayed area is a rectangle of whole pixels (C.10.4), held here by its outer edges in PIXEL units: the
 * area from pixel 1\1 to pixel columns\rows spans 0..columns and 0..rows. DISPLAY units are defined after the spatial
 * transformation (C.10.6: rotate clockwise, then flip horizontally; PS3.4 N.2.3.4), so a display direction is turned
 * back into an image direction before it is scaled.
 */
record DisplayedArea(
        double left, double top, double right, double bottom, int rotationDegrees, boolean horizontalFlip) {

    DisplayedArea {
        if (rotationDegrees != 0 && rotationDegrees != 90 && rotationDegrees != 180 && rotationDegrees != 270) {
            throw new IllegalArgumentException(
                    "image rotation must be 0, 90, 180 or 270 degrees, was " + rotationDegrees);
        }
    }

    /**
     * The area between two pixels given as 1-based column\row pairs, as Displayed Area Top Left Hand Corner
     * (0070,0052) and Bottom Right Hand Corner (0070,0053) hold them. Either corner may be the larger one, as after
     * a flip.
     */
    static DisplayedArea between(
            long[] topLeftPixel, long[] bottomRightPixel, int rotationDegrees, boolean horizontalFlip) {
        return new DisplayedArea(
                Math.min(topLeftPixel[0], bottomRightPixel[0]) - 1.0,
                Math.min(topLeftPixel[1], bottomRightPixel[1]) - 1.0,
                Math.max(topLeftPixel[0], bottomRightPixel[0]),
                Math.max(topLeftPixel[1], bottomRightPixel[1]),
                rotationDegrees,
                horizontalFlip);
    }

    static DisplayedArea wholeImage(ImageSize size, int rotationDegrees, boolean horizontalFlip) {
        return new DisplayedArea(0, 0, size.columns(), size.rows(), rotationDegrees, horizontalFlip);
    }

    /** Graphic Data in DISPLAY units (column, row pairs) as Graphic Data in PIXEL units. */
    double[] toPixelUnits(double[] displayData) {
        if (displayData.length % 2 != 0) {
            throw new IllegalArgumentException(
                    "graphic data of 2-D points needs an even number of values, got " + displayData.length);
        }
        int[] across = imageDirection(1, 0);
        int[] down = imageDirection(0, 1);
        // The display's top-left corner is the corner of the area from which both directions lead inwards.
        double originX = across[0] + down[0] > 0 ? left : right;
        double originY = across[1] + down[1] > 0 ? top : bottom;
        double width = across[0] != 0 ? right - left : bottom - top;
        double height = down[0] != 0 ? right - left : bottom - top;
        double[] pixel = new double[displayData.length];
        for (int i = 0; i < displayData.length; i += 2) {
            double u = displayData[i] * width;
            double v = displayData[i + 1] * height;
            pixel[i] = originX + u * across[0] + v * down[0];
            pixel[i + 1] = originY + u * across[1] + v * down[1];
        }
        return pixel;
    }

    /** The image direction that the transformation turns into the display direction (dx, dy). */
    private int[] imageDirection(int dx, int dy) {
        int x = horizontalFlip ? -dx : dx;
        int y = dy;
        // Undo clockwise quarter turns; with y pointing down, a clockwise turn maps (x, y) to (-y, x).
        for (int turn = 0; turn < rotationDegrees / 90; turn++) {
            int undone = y;
            y = -x;
            x = undone;
        }
        return new int[] {x, y};
    }
}
