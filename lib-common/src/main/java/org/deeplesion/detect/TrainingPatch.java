package org.deeplesion.detect;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.deeplesion.recist.BoundingBox;

/**
 * A square training patch of the proposal network and the boxes in it, in patch pixels.
 *
 * <p>Patches are cut around a randomly chosen lesion at a random offset (so the network does not learn that lesions
 * sit in the middle) and mirrored left to right half the time. A box whose centre falls outside the patch is left
 * out; one cut by the edge is clipped.
 */
public record TrainingPatch(float[] pixels, List<BoundingBox> boxes) {

    public TrainingPatch {
        requireNonNull(pixels, "pixels");
        boxes = List.copyOf(boxes);
    }

    /** @param boxes the image's lesions in image pixels, at least one */
    public static TrainingPatch around(DetectorImage image, List<BoundingBox> boxes, DetectorGeometry geometry,
            Random random) {
        requireNonNull(image, "image");
        requireNonNull(boxes, "boxes");
        if (boxes.isEmpty()) {
            throw new IllegalArgumentException("a training patch is cut around a lesion, and the image has none");
        }
        int size = geometry.patchPx();
        BoundingBox target = boxes.get(random.nextInt(boxes.size()));
        int x0 = origin(target.x1(), target.x2(), size, random);
        int y0 = origin(target.y1(), target.y2(), size, random);
        boolean mirrored = random.nextBoolean();
        List<BoundingBox> inside = new ArrayList<>();
        for (BoundingBox box : boxes) {
            double cx = (box.x1() + box.x2()) / 2 - x0;
            double cy = (box.y1() + box.y2()) / 2 - y0;
            if (cx < 0 || cy < 0 || cx > size - 1 || cy > size - 1) {
                continue;
            }
            double x1 = Math.max(0, box.x1() - x0);
            double x2 = Math.min(size - 1, box.x2() - x0);
            double y1 = Math.max(0, box.y1() - y0);
            double y2 = Math.min(size - 1, box.y2() - y0);
            inside.add(mirrored ? new BoundingBox(size - 1 - x2, y1, size - 1 - x1, y2)
                    : new BoundingBox(x1, y1, x2, y2));
        }
        return new TrainingPatch(image.patch(x0, y0, size, mirrored), inside);
    }

    /** A patch start that keeps [lo, hi] inside the patch, or centres it when it is larger than the patch. */
    private static int origin(double lo, double hi, int size, Random random) {
        int first = (int) Math.ceil(hi) - size + 1;
        int last = (int) Math.floor(lo);
        if (first > last) {
            return (int) Math.round((lo + hi) / 2 - (size - 1) / 2.0);
        }
        return first + random.nextInt(last - first + 1);
    }
}
