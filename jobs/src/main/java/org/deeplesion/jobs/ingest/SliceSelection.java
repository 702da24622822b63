package org.deeplesion.jobs.ingest;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.deeplesion.jobs.spark.RowValues;

/**
 * Chooses the slices to decode from the header pass, on the driver (one small record per file): one file per SOP
 * instance and frame (the first by path when an instance was exported twice), none already in the lake, each
 * with its index in the series and the series' slice interval, computed over the lake's and the new slices of
 * the series together.
 *
 * <p>Slices are indexed in spatial order, in the direction in which instance numbers grow when the series has them
 * (a head-first series keeps instance 1 as index 0). Indices are fixed before pixels are decoded, so a slice
 * rejected at decoding leaves a gap in its series rather than shifting its neighbours.
 */
final class SliceSelection {

    /** A slice (frame) known from a header: new (with its source file) or already in the lake (source null). */
    record Slice(String studyUid, String seriesUid, String sopInstanceUid, int frameIndex, Integer instanceNumber,
            double positionMm, SourceFile source) {
    }

    private SliceSelection() {
    }

    /**
     * Rows for the decode pass: source, source_size, source_modified, frames (frame_index, slice_index), interval;
     * ordered by study, then source, so that each decode task writes one file per study however the archive's files
     * are named.
     */
    static List<Row> decodeInput(List<Slice> fresh, List<Slice> existing) {
        Set<String> inLake = new HashSet<>();
        for (Slice s : existing) {
            inLake.add(s.sopInstanceUid() + "#" + s.frameIndex());
        }
        Map<String, Slice> firstByInstance = new TreeMap<>();
        fresh.stream().sorted(Comparator.comparing(s -> s.source().uri())).forEach(s -> {
            String key = s.sopInstanceUid() + "#" + s.frameIndex();
            if (!inLake.contains(key)) {
                firstByInstance.putIfAbsent(key, s);
            }
        });
        Map<String, List<Slice>> bySeries = new LinkedHashMap<>();
        for (Slice s : existing) {
            bySeries.computeIfAbsent(s.seriesUid(), k -> new ArrayList<>()).add(s);
        }
        for (Slice s : firstByInstance.values()) {
            bySeries.computeIfAbsent(s.seriesUid(), k -> new ArrayList<>()).add(s);
        }
        Map<SourceFile, List<Row>> framesBySource = new LinkedHashMap<>();
        Map<SourceFile, Double> intervalBySource = new LinkedHashMap<>();
        Map<SourceFile, String> studyBySource = new LinkedHashMap<>();
        for (List<Slice> series : bySeries.values()) {
            double direction = direction(series);
            series.sort(Comparator.comparingDouble((Slice s) -> s.positionMm() * direction)
                    .thenComparing(Slice::sopInstanceUid).thenComparingInt(Slice::frameIndex));
            Double interval = medianStep(series);
            for (int i = 0; i < series.size(); i++) {
                Slice s = series.get(i);
                if (s.source() != null) {
                    framesBySource.computeIfAbsent(s.source(), k -> new ArrayList<>())
                            .add(RowFactory.create(s.frameIndex(), i));
                    intervalBySource.put(s.source(), interval);
                    studyBySource.put(s.source(), s.studyUid() == null ? "" : s.studyUid());
                }
            }
        }
        List<Row> out = new ArrayList<>(framesBySource.size());
        framesBySource.entrySet().stream().sorted(Comparator.comparing(
                (Map.Entry<SourceFile, List<Row>> e) -> studyBySource.get(e.getKey()))
                .thenComparing(e -> e.getKey().uri())).forEach(e -> out.add(
                RowFactory.create(e.getKey().uri(), e.getKey().size(), e.getKey().modified(),
                        RowValues.array(e.getValue()), intervalBySource.get(e.getKey()))));
        return out;
    }

    /** -1 when instance numbers fall as positions rise (a head-first series), else +1. */
    private static double direction(List<Slice> series) {
        int n = 0;
        double si = 0;
        double sp = 0;
        for (Slice s : series) {
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
        for (Slice s : series) {
            if (s.instanceNumber() != null) {
                cov += (s.instanceNumber() - si / n) * (s.positionMm() - sp / n);
            }
        }
        return cov < 0 ? -1 : 1;
    }

    /** The median distance between neighbouring distinct positions, or null for a single position. */
    private static Double medianStep(List<Slice> ordered) {
        List<Double> steps = new ArrayList<>();
        for (int i = 1; i < ordered.size(); i++) {
            double step = Math.abs(ordered.get(i).positionMm() - ordered.get(i - 1).positionMm());
            if (step > 1e-3) {
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
