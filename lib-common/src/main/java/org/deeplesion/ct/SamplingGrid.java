package org.deeplesion.ct;

/**
 * Where the pixels of a resampled image lie on its source, in the source's pixel-centre coordinates (the centre of
 * the pixel in column i and row j is (i, j), and that pixel covers [i - 0.5, i + 0.5) x [j - 0.5, j + 0.5), the
 * convention of {@code recist.PixelPoint} and the inclusive extents of {@code recist.BoundingBox}).
 *
 * <p>Output pixel (column c, row r) has its centre at source point (originX + c * stepX, originY + r * stepY). A step
 * above 1 shrinks the image, below 1 enlarges it.
 */
public record SamplingGrid(double originX, double originY, double stepX, double stepY, int columns, int rows) {

    public SamplingGrid {
        if (!Double.isFinite(originX) || !Double.isFinite(originY)) {
            throw new IllegalArgumentException("grid origin must be finite, was (" + originX + ", " + originY + ")");
        }
        if (!(stepX > 0) || !(stepY > 0) || Double.isInfinite(stepX) || Double.isInfinite(stepY)) {
            throw new IllegalArgumentException("grid steps must be positive and finite, was " + stepX + " x " + stepY);
        }
        if (columns <= 0 || rows <= 0) {
            throw new IllegalArgumentException("grid size must be positive, was " + columns + " x " + rows);
        }
    }

    /**
     * A whole image resampled from its pixel spacing to another: the grid starts at the image's left and top pixel
     * edges and has as many pixels as the image's extent holds at the target spacing, rounded.
     */
    public static SamplingGrid respaced(
            int sourceColumns, int sourceRows, double sourceSpacingX, double sourceSpacingY, double targetSpacing) {
        if (sourceColumns <= 0 || sourceRows <= 0) {
            throw new IllegalArgumentException(
                    "source size must be positive, was " + sourceColumns + " x " + sourceRows);
        }
        if (!(sourceSpacingX > 0) || !(sourceSpacingY > 0) || !(targetSpacing > 0)) {
            throw new IllegalArgumentException("pixel spacings must be positive, was " + sourceSpacingX + " x "
                    + sourceSpacingY + " to " + targetSpacing + " mm");
        }
        double stepX = targetSpacing / sourceSpacingX;
        double stepY = targetSpacing / sourceSpacingY;
        int columns = Math.max(1, (int) Math.round(sourceColumns / stepX));
        int rows = Math.max(1, (int) Math.round(sourceRows / stepY));
        return new SamplingGrid(stepX / 2 - 0.5, stepY / 2 - 0.5, stepX, stepY, columns, rows);
    }

    /**
     * A grid whose centre lies on a source point, e.g. a crop around a lesion; for an even size the point falls
     * between the two middle pixels.
     */
    public static SamplingGrid centredOn(
            double centreX, double centreY, double stepX, double stepY, int columns, int rows) {
        return new SamplingGrid(
                centreX - (columns - 1) * stepX / 2, centreY - (rows - 1) * stepY / 2, stepX, stepY, columns, rows);
    }

    /** The source x of output column c's centre. */
    public double sourceX(double column) {
        return originX + column * stepX;
    }

    public double sourceY(double row) {
        return originY + row * stepY;
    }

    /** The output column whose centre lies on source x, fractional: maps source boxes onto the output. */
    public double columnOf(double sourceX) {
        return (sourceX - originX) / stepX;
    }

    public double rowOf(double sourceY) {
        return (sourceY - originY) / stepY;
    }
}
