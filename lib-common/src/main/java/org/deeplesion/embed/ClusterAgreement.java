package org.deeplesion.embed;

import static java.util.Objects.requireNonNull;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How well two labellings of the same items agree: normalised mutual information (arithmetic-mean normalisation,
 * scikit-learn's default, so 1 means identical partitions up to renaming and 0 independent ones) and purity (the
 * share of items whose cluster's majority label is their own).
 */
public final class ClusterAgreement {

    private ClusterAgreement() {}

    public static <A, B> double nmi(List<A> a, List<B> b) {
        Counts<A, B> c = Counts.of(a, b);
        double ha = entropy(c.left.values(), c.n);
        double hb = entropy(c.right.values(), c.n);
        if (ha == 0 && hb == 0) {
            return 1;
        }
        double mi = 0;
        for (Map.Entry<A, Map<B, Integer>> row : c.joint.entrySet()) {
            for (Map.Entry<B, Integer> cell : row.getValue().entrySet()) {
                double pab = cell.getValue() / (double) c.n;
                double pa = c.left.get(row.getKey()) / (double) c.n;
                double pb = c.right.get(cell.getKey()) / (double) c.n;
                mi += pab * Math.log(pab / (pa * pb));
            }
        }
        return Math.max(0, Math.min(1, 2 * mi / (ha + hb)));
    }

    /** The purity of {@code clusters} measured against the true {@code labels}. */
    public static <A, B> double purity(List<A> clusters, List<B> labels) {
        Counts<A, B> c = Counts.of(clusters, labels);
        long majority = 0;
        for (Map<B, Integer> row : c.joint.values()) {
            majority += row.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        }
        return majority / (double) c.n;
    }

    private static double entropy(Iterable<Integer> counts, int n) {
        double h = 0;
        for (int count : counts) {
            double p = count / (double) n;
            h -= p * Math.log(p);
        }
        return h;
    }

    private record Counts<A, B>(int n, Map<A, Integer> left, Map<B, Integer> right, Map<A, Map<B, Integer>> joint) {

        static <A, B> Counts<A, B> of(List<A> a, List<B> b) {
            requireNonNull(a, "a");
            requireNonNull(b, "b");
            if (a.size() != b.size()) {
                throw new IllegalArgumentException("labellings differ in length: " + a.size() + " vs " + b.size());
            }
            if (a.isEmpty()) {
                throw new IllegalArgumentException("cannot compare empty labellings");
            }
            Map<A, Integer> left = new HashMap<>();
            Map<B, Integer> right = new HashMap<>();
            Map<A, Map<B, Integer>> joint = new HashMap<>();
            for (int i = 0; i < a.size(); i++) {
                A x = requireNonNull(a.get(i), "label " + i);
                B y = requireNonNull(b.get(i), "label " + i);
                left.merge(x, 1, Integer::sum);
                right.merge(y, 1, Integer::sum);
                joint.computeIfAbsent(x, k -> new HashMap<>()).merge(y, 1, Integer::sum);
            }
            return new Counts<>(a.size(), left, right, joint);
        }
    }
}
