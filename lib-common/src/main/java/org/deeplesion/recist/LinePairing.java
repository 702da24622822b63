package org.deeplesion.recist;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Pairs the lines drawn on one image into RECIST measurements. Viewers store a two-axis measurement as two separate
 * lines, so which lines belong together has to be inferred: two lines are the axes of one lesion when they cross at
 * roughly a right angle. Candidate pairs are taken greedily, most perpendicular first, so that a line crossing two
 * others goes with the one it is closest to perpendicular to. The longer line of a pair is the long axis; a line
 * left without a partner is a one-axis measurement.
 */
final class LinePairing {

    /** How far from 90 degrees two crossing lines may be and still be read as one measurement's axes. */
    static final double PERPENDICULAR_TOLERANCE_DEGREES = 20;
    /**
     * Axes whose lengths differ by less than this are taken as equal. Graphic Data is float32, so the two equal
     * diameters of a round lesion come back up to about 1e-3 px apart, in either order.
     */
    static final double EQUAL_LENGTH_PX = 0.01;

    private LinePairing() {}

    /** A line segment as drawn, start and end in drawing order. */
    record Line(PixelPoint start, PixelPoint end) {

        double length() {
            return start.distanceTo(end);
        }
    }

    /**
     * The measurements in the order of their first line; among equally perpendicular pairs, the earlier lines
     * pair first.
     *
     * @param lines segments of non-zero length, in the order they were drawn
     */
    static List<RecistMeasurement> pair(List<Line> lines) {
        List<Candidate> candidates = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            for (int j = i + 1; j < lines.size(); j++) {
                RecistMeasurement axes = RecistMeasurement.twoAxes(
                        lines.get(i).start(),
                        lines.get(i).end(),
                        lines.get(j).start(),
                        lines.get(j).end());
                double deviation = 90 - axes.angleBetweenAxesDegrees();
                if (deviation <= PERPENDICULAR_TOLERANCE_DEGREES && axes.axesCross()) {
                    candidates.add(new Candidate(i, j, deviation));
                }
            }
        }
        candidates.sort(Comparator.comparingDouble(Candidate::deviation)
                .thenComparingInt(Candidate::first)
                .thenComparingInt(Candidate::second));
        int[] partner = new int[lines.size()];
        Arrays.fill(partner, -1);
        for (Candidate c : candidates) {
            if (partner[c.first()] < 0 && partner[c.second()] < 0) {
                partner[c.first()] = c.second();
                partner[c.second()] = c.first();
            }
        }
        List<RecistMeasurement> measurements = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Line line = lines.get(i);
            if (partner[i] < 0) {
                measurements.add(RecistMeasurement.longAxisOnly(line.start(), line.end()));
            } else if (partner[i] > i) {
                Line other = lines.get(partner[i]);
                // On equal lengths the line drawn first is the long axis, as viewers draw it first.
                Line longer = other.length() > line.length() + EQUAL_LENGTH_PX ? other : line;
                Line shorter = longer == line ? other : line;
                measurements.add(
                        RecistMeasurement.twoAxes(longer.start(), longer.end(), shorter.start(), shorter.end()));
            }
        }
        return measurements;
    }

    private record Candidate(int first, int second, double deviation) {}
}
