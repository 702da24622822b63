package org.deeplesion.ct;

/**
 * Where a position along a series falls between its slices: the slice at or below it, the next one, and the
 * weight of the next one in a linear blend. Beyond the series' ends the end slice stands in alone (weight 0).
 */
public record SliceBlend(int below, int above, double weight) {

    /** @param sortedPositions the slices' positions in ascending order, at least one */
    public static SliceBlend at(double[] sortedPositions, double positionMm) {
        if (sortedPositions.length == 0) {
            throw new IllegalArgumentException("a series needs at least one slice");
        }
        int below = -1;
        for (int i = 0; i < sortedPositions.length && sortedPositions[i] <= positionMm; i++) {
            below = i;
        }
        if (below < 0) {
            return new SliceBlend(0, 0, 0);
        }
        if (below == sortedPositions.length - 1 || sortedPositions[below] == positionMm) {
            return new SliceBlend(below, below, 0);
        }
        double lower = sortedPositions[below];
        return new SliceBlend(below, below + 1, (positionMm - lower) / (sortedPositions[below + 1] - lower));
    }
}
