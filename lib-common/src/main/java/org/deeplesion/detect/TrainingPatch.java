package org.deeplesion.detect;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.deeplesion.recist.BoundingBox;

/**
 * A square training patch of the proposal network and the boxes in it, in patch pixels, each with its class label
 * (1-based; 0 where it has none).
 *
 * <p>Patches are cut around a randomly chosen lesion at a random offset (so the network does not learn that lesions
 * sit in the middle), or anywhere in the image, and mirrored left to right half the time. A box whose centre falls
 * outside the patch is left out; one cut by the edge is clipped.
 */
public record TrainingPatch(float[] pixels, List<BoundingBox> boxes, List<Integer> labels) {

    public TrainingPatch {
        requireNonNull(pixels, "pixels");
        boxes = List.copyOf(boxes);
        labels = List.copyOf(labels);
        if (boxes.size() != labels.size()) {
            throw new IllegalArgumentException(boxes.size() + " boxes but " + labels.size() + " labels");
        }
    }

    /**
     * The share of training patches cut {@link #anywhere}; the rest are cut {@link #around} a lesion. Trained on
     * 1,023 lesions with 64 px patches, a fifth cut anywhere found as many of new slices' lesions after 600
     * minibatches as none did (recall in the top 48: 0.69 against 0.68), and more after 400 (top 8: 0.50 against
     * 0.43).
     */
    public static final double ANYWHERE_SHARE = 0.2;

    /** A patch {@link #anywhere} with probability {@link #ANYWHERE_SHARE}, otherwise {@link #around} a lesion. */
    public static TrainingPatch draw(
            DetectorImage image, List<BoundingBox> boxes, DetectorGeometry geometry, Random random) {
        return draw(image, boxes, unlabelled(boxes), null, geometry, random);
    }

    /**
     * {@link #draw}, keeping each box's class label with it, with the lesion a patch is cut around chosen in
     * proportion to {@code weights} ({@link HardLesions}); null weights choose every lesion alike.
     */
    public static TrainingPatch draw(
            DetectorImage image,
            List<BoundingBox> boxes,
            List<Integer> labels,
            double[] weights,
            DetectorGeometry geometry,
            Random random) {
        if (weights != null && weights.length != boxes.size()) {
            throw new IllegalArgumentException(boxes.size() + " boxes but " + weights.length + " weights");
        }
        return random.nextDouble() < ANYWHERE_SHARE
                ? anywhere(image, boxes, labels, geometry, random)
                : around(image, boxes, labels, weights, geometry, random);
    }

    /** @param boxes the image's lesions in image pixels, at least one */
    public static TrainingPatch around(
            DetectorImage image, List<BoundingBox> boxes, DetectorGeometry geometry, Random random) {
        return around(image, boxes, unlabelled(boxes), null, geometry, random);
    }

    private static TrainingPatch around(
            DetectorImage image,
            List<BoundingBox> boxes,
            List<Integer> labels,
            double[] weights,
            DetectorGeometry geometry,
            Random random) {
        requireNonNull(image, "image");
        requireNonNull(boxes, "boxes");
        if (boxes.isEmpty()) {
            throw new IllegalArgumentException("a training patch is cut around a lesion, and the image has none");
        }
        int size = geometry.patchPx();
        BoundingBox target =
                boxes.get(weights == null ? random.nextInt(boxes.size()) : HardLesions.choose(weights, random));
        int x0 = origin(target.x1(), target.x2(), size, random);
        int y0 = origin(target.y1(), target.y2(), size, random);
        return cut(image, boxes, labels, x0, y0, size, random.nextBoolean());
    }

    /**
     * A patch anywhere in the image, lesion or not: most of a whole slice is air, table and normal anatomy, which
     * patches cut around lesions rarely show, and the network must learn that none of it is a lesion.
     *
     * @param boxes the image's lesions in image pixels, possibly none
     */
    public static TrainingPatch anywhere(
            DetectorImage image, List<BoundingBox> boxes, DetectorGeometry geometry, Random random) {
        return anywhere(image, boxes, unlabelled(boxes), geometry, random);
    }

    private static TrainingPatch anywhere(
            DetectorImage image,
            List<BoundingBox> boxes,
            List<Integer> labels,
            DetectorGeometry geometry,
            Random random) {
        requireNonNull(image, "image");
        requireNonNull(boxes, "boxes");
        int size = geometry.patchPx();
        int x0 = random.nextInt(Math.max(1, image.width() - size + 1));
        int y0 = random.nextInt(Math.max(1, image.height() - size + 1));
        return cut(image, boxes, labels, x0, y0, size, random.nextBoolean());
    }

    private static List<Integer> unlabelled(List<BoundingBox> boxes) {
        return Collections.nCopies(boxes.size(), 0);
    }

    private static TrainingPatch cut(
            DetectorImage image,
            List<BoundingBox> boxes,
            List<Integer> labels,
            int x0,
            int y0,
            int size,
            boolean mirrored) {
        if (labels.size() != boxes.size()) {
            throw new IllegalArgumentException(boxes.size() + " boxes but " + labels.size() + " labels");
        }
        List<BoundingBox> inside = new ArrayList<>();
        List<Integer> insideLabels = new ArrayList<>();
        for (int i = 0; i < boxes.size(); i++) {
            BoundingBox box = boxes.get(i);
            double cx = (box.x1() + box.x2()) / 2 - x0;
            double cy = (box.y1() + box.y2()) / 2 - y0;
            if (cx < 0 || cy < 0 || cx > size - 1 || cy > size - 1) {
                continue;
            }
            double x1 = Math.max(0, box.x1() - x0);
            double x2 = Math.min(size - 1, box.x2() - x0);
            double y1 = Math.max(0, box.y1() - y0);
            double y2 = Math.min(size - 1, box.y2() - y0);
            inside.add(
                    mirrored ? new BoundingBox(size - 1 - x2, y1, size - 1 - x1, y2) : new BoundingBox(x1, y1, x2, y2));
            insideLabels.add(labels.get(i));
        }
        return new TrainingPatch(image.patch(x0, y0, size, mirrored), inside, insideLabels);
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
