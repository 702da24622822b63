package org.deeplesion.ct;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * The spatial order of a series' slices and its slice interval.
 *
 * <p>Slices run in the direction in which instance numbers grow when the series has them, so a head-first series
 * keeps instance 1 first; without instance numbers, positions ascend. Slices at one position are ordered by SOP
 * Instance UID, then frame, so that the order does not depend on the order the headers arrived in.
 */
public final class SeriesOrder {

    /** Steps shorter than this (mm) are the same position written twice, not a step. */
    private static final double SAME_POSITION_MM = 1e-3;

    private SeriesOrder() {}

    /** The slices of one series in spatial order, as a new list. */
    public static <T extends SlicePlace> List<T> ordered(Collection<T> series) {
        requireNonNull(series, "series");
        List<T> out = new ArrayList<>(series);
        double direction = direction(out);
        out.sort(Comparator.comparingDouble((T s) -> s.positionMm() * direction)
                .thenComparing(SlicePlace::sopInstanceUid)
                .thenComparingInt(SlicePlace::frameIndex));
        return out;
    }

    /**
     * -1 when instance numbers fall as positions rise (a head-first series), else +1: the sign of their covariance
     * over the slices that have an instance number; +1 when fewer than two have one.
     */
    private static double direction(Collection<? extends SlicePlace> series) {
        int n = 0;
        double si = 0;
        double sp = 0;
        for (SlicePlace s : series) {
            if (s.instanceNumber() != null) {
                n++;
                si += s.instanceNumber();
                sp += s.positionMm();
            }
        }
        if (n < 2) {
            return 1;
        }
        double cov = 0;
        for (SlicePlace s : series) {
            if (s.instanceNumber() != null) {
                cov += (s.instanceNumber() - si / n) * (s.positionMm() - sp / n);
            }
        }
        return cov < 0 ? -1 : 1;
    }

    /**
     * The slice interval: the median distance between neighbouring distinct positions, or null for a series with a
     * single position.
     *
     * @param ordered the slices in {@link #ordered spatial order}
     */
    public static Double sliceIntervalMm(List<? extends SlicePlace> ordered) {
        requireNonNull(ordered, "ordered");
        List<Double> steps = new ArrayList<>();
        for (int i = 1; i < ordered.size(); i++) {
            double step =
                    Math.abs(ordered.get(i).positionMm() - ordered.get(i - 1).positionMm());
            if (step > SAME_POSITION_MM) {
                steps.add(step);
            }
        }
        if (steps.isEmpty()) {
            return null;
        }
        steps.sort(Double::compare);
        int m = steps.size() / 2;
        return steps.size() % 2 == 1 ? steps.get(m) : (steps.get(m - 1) + steps.get(m)) / 2;
    }
}
