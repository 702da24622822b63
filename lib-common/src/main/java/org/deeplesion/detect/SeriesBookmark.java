package org.deeplesion.detect;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import org.deeplesion.recist.BoundingBox;

/**
 * A lesion bookmarked on one slice of a series, as detector training sees it from the other slices of the series.
 *
 * @param imageKey the key slice the lesion was measured on
 * @param positionMm the key slice's position along the series
 * @param longDiameterMm the RECIST long axis
 * @param box the lesion's box on its key slice
 */
public record SeriesBookmark(String imageKey, double positionMm, double longDiameterMm, BoundingBox box) {

    public SeriesBookmark {
        ImageKeys.check(imageKey);
        requireNonNull(box, "box");
    }

    /**
     * Whether the lesion reaches into another slice of its series: a lesion spans roughly its long diameter along
     * the series too, so a slice within half of it is likely to show the lesion, unbookmarked there.
     */
    public boolean reachesInto(String otherImageKey, double otherPositionMm) {
        return !imageKey.equals(otherImageKey) && Math.abs(positionMm - otherPositionMm) < longDiameterMm / 2;
    }

    /**
     * The ignore boxes of a key slice: the boxes of the series' lesions bookmarked elsewhere that reach into it, which
     * training must never take for background.
     */
    public static List<BoundingBox> ignoredOn(String imageKey, double positionMm, List<SeriesBookmark> series) {
        requireNonNull(series, "series");
        List<BoundingBox> ignore = new ArrayList<>();
        for (SeriesBookmark other : series) {
            if (other.reachesInto(imageKey, positionMm)) {
                ignore.add(other.box());
            }
        }
        return ignore;
    }
}
