package org.deeplesion.jobs.ingest;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;
import java.util.List;

/**
 * A file the selection hands to the decode pass: which of its frames to decode, each with its index in the series,
 * and the series' slice interval. A final class rather than a record, because Spark moves task data with Kryo,
 * which cannot build records.
 */
final class SelectedFile implements Serializable {

    private static final long serialVersionUID = 1L;

    private final SourceFile source;
    private final int[] frameIndices;
    private final int[] sliceIndices;
    private final Double intervalMm;

    /**
     * @param frames pairs of frame index and slice index
     * @param intervalMm the series' slice interval, or null when it has none (a single slice)
     */
    SelectedFile(SourceFile source, List<int[]> frames, Double intervalMm) {
        this.source = requireNonNull(source, "source");
        requireNonNull(frames, "frames");
        this.frameIndices = frames.stream().mapToInt(f -> f[0]).toArray();
        this.sliceIndices = frames.stream().mapToInt(f -> f[1]).toArray();
        this.intervalMm = intervalMm;
    }

    SourceFile source() {
        return source;
    }

    int frames() {
        return frameIndices.length;
    }

    /** The i-th selected frame's index in the file. */
    int frameIndex(int i) {
        return frameIndices[i];
    }

    /** The i-th selected frame's index in its series. */
    int sliceIndex(int i) {
        return sliceIndices[i];
    }

    Double intervalMm() {
        return intervalMm;
    }
}
