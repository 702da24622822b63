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
import org.deeplesion.ct.SeriesOrder;
import org.deeplesion.ct.SlicePlace;

/**
 * Chooses the slices to decode from the header pass, on the driver (one small record per file): one file per SOP
 * instance and frame (the first by path when an instance was exported twice), none already in the lake, each
 * with its index in the series and the series' slice interval, computed over the lake's and the new slices of
 * the series together.
 *
 * <p>Slices are indexed in {@link SeriesOrder spatial order}, in the direction in which instance numbers grow when
 * the series has them (a head-first series keeps instance 1 as index 0). Indices are fixed before pixels are
 * decoded, so a slice rejected at decoding leaves a gap in its series rather than shifting its neighbours.
 */
final class SliceSelection {

    /** A slice (frame) known from a header: new (with its source file) or already in the lake (source null). */
    record Slice(
            String studyUid,
            String seriesUid,
            String sopInstanceUid,
            int frameIndex,
            Integer instanceNumber,
            double positionMm,
            SourceFile source)
            implements SlicePlace {

        /** A slice of the lake, from a {@code slices} row with at least these columns (by name). */
        static Slice inLake(Row r) {
            return new Slice(
                    r.getAs("study_uid"),
                    r.getAs("series_uid"),
                    r.getAs("sop_instance_uid"),
                    r.<Integer>getAs("frame_index"),
                    r.getAs("instance_number"),
                    r.<Double>getAs("position_mm"),
                    null);
        }
    }

    private SliceSelection() {}

    /**
     * The files for the decode pass, ordered by study, then source, so that each decode task writes one file per
     * study however the archive's files are named.
     */
    static List<SelectedFile> decodeInput(List<Slice> fresh, List<Slice> existing) {
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
        Map<SourceFile, List<int[]>> framesBySource = new LinkedHashMap<>();
        Map<SourceFile, Double> intervalBySource = new LinkedHashMap<>();
        Map<SourceFile, String> studyBySource = new LinkedHashMap<>();
        for (List<Slice> unordered : bySeries.values()) {
            List<Slice> series = SeriesOrder.ordered(unordered);
            Double interval = SeriesOrder.sliceIntervalMm(series);
            for (int i = 0; i < series.size(); i++) {
                Slice s = series.get(i);
                if (s.source() != null) {
                    framesBySource
                            .computeIfAbsent(s.source(), k -> new ArrayList<>())
                            .add(new int[] {s.frameIndex(), i});
                    intervalBySource.put(s.source(), interval);
                    studyBySource.put(s.source(), s.studyUid() == null ? "" : s.studyUid());
                }
            }
        }
        List<SelectedFile> out = new ArrayList<>(framesBySource.size());
        framesBySource.entrySet().stream()
                .sorted(Comparator.comparing((Map.Entry<SourceFile, List<int[]>> e) -> studyBySource.get(e.getKey()))
                        .thenComparing(e -> e.getKey().uri()))
                .forEach(e -> out.add(new SelectedFile(e.getKey(), e.getValue(), intervalBySource.get(e.getKey()))));
        return out;
    }
}
