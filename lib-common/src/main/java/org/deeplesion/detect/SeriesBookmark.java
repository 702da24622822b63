package org.deeplesion.detect;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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

    /** The farthest a section can lie from its key slice, in long diameters: where the lesion ends. */
    public static final double MAX_REACH = 0.5;

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
     * The lesion's likely box on another slice of its series, closer to its key slice than {@code reach} times its long
     * diameter, where it is still nearly as large as where it was measured: a lesion that reaches into a slice is a
     * lesion there too, and a detector should find it, though nobody measured it there. The lesion is taken as an
     * ellipsoid whose extent along the series is its long diameter, so at a distance {@code d} its section is the key
     * section scaled by {@code sqrt(1 - (2d / long diameter)^2)} about the same centre, with the DeepLesion padding
     * kept.
     *
     * @param reach at most {@link #MAX_REACH}, where the lesion ends ({@link #reachesInto}); 0 for never
     * @return empty on the lesion's own key slice and farther than {@code reach} from it
     */
    public Optional<BoundingBox> sectionOn(String otherImageKey, double otherPositionMm, double reach) {
        checkReach(reach);
        double distance = Math.abs(positionMm - otherPositionMm);
        if (imageKey.equals(otherImageKey) || !(distance < reach * longDiameterMm)) {
            return Optional.empty();
        }
        double scale = Math.sqrt(1 - Math.pow(2 * distance / longDiameterMm, 2));
        double pad = BoundingBox.DEEPLESION_PADDING_PX;
        double cx = (box.x1() + box.x2()) / 2;
        double cy = (box.y1() + box.y2()) / 2;
        double halfWidth = shrunk((box.x2() - box.x1()) / 2, pad, scale);
        double halfHeight = shrunk((box.y2() - box.y1()) / 2, pad, scale);
        return Optional.of(new BoundingBox(cx - halfWidth, cy - halfHeight, cx + halfWidth, cy + halfHeight));
    }

    /** The {@link #sectionOn sections} of the series' lesions bookmarked elsewhere on a key slice. */
    public static List<BoundingBox> sectionsOn(
            String imageKey, double positionMm, List<SeriesBookmark> series, double reach) {
        requireNonNull(series, "series");
        checkReach(reach);
        List<BoundingBox> sections = new ArrayList<>();
        for (SeriesBookmark other : series) {
            other.sectionOn(imageKey, positionMm, reach).ifPresent(sections::add);
        }
        return sections;
    }

    /** Half a box's side with the part beyond its padding scaled; a side cut short by the slice's edge stays. */
    private static double shrunk(double half, double pad, double scale) {
        return half - (1 - scale) * Math.max(0, half - pad);
    }

    private static void checkReach(double reach) {
        if (!(reach >= 0 && reach <= MAX_REACH)) {
            throw new IllegalArgumentException("a section's reach must be within 0.." + MAX_REACH
                    + " of the lesion's long diameter, was " + reach);
        }
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
