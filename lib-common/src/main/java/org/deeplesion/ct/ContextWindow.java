package org.deeplesion.ct;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The slices of a series around its key slices: those whose position along the slice normal lies within a distance of
 * a key slice's. DeepLesion's release kept about 30 mm around each bookmarked slice, enough for the detector's
 * neighbouring-slice input and for the clinician's context.
 */
public final class ContextWindow {

    /** A slice of a series and its position along the series' normal, in millimetres. */
    public record Slice(String sopInstanceUid, double positionMm) {

        public Slice {
            requireNonNull(sopInstanceUid, "sopInstanceUid");
        }
    }

    private ContextWindow() {}

    /**
     * The SOP Instance UIDs of the slices within {@code mm} of a key slice, key slices included, in the series'
     * order; empty when none of the keys is in the series.
     */
    public static Set<String> around(List<Slice> series, Set<String> keys, double mm) {
        requireNonNull(series, "series");
        requireNonNull(keys, "keys");
        if (!(mm >= 0)) {
            throw new IllegalArgumentException("context must be 0 mm or more, not " + mm);
        }
        List<Double> keyPositions = new ArrayList<>();
        for (Slice s : series) {
            if (keys.contains(s.sopInstanceUid())) {
                keyPositions.add(s.positionMm());
            }
        }
        Set<String> out = new LinkedHashSet<>();
        for (Slice s : series) {
            for (double k : keyPositions) {
                // A hundredth of a millimetre of slack: positions are decimal strings rounded by the modality.
                if (Math.abs(s.positionMm() - k) <= mm + 0.01) {
                    out.add(s.sopInstanceUid());
                    break;
                }
            }
        }
        return out;
    }
}
