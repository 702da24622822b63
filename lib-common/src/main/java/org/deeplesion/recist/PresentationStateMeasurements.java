package org.deeplesion.recist;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.deeplesion.dicom.DicomDataset;
import org.deeplesion.dicom.Tag;

/**
 * Finds the RECIST measurements in a softcopy presentation state's Graphic Annotation Module (PS3.3 C.10.5), the way
 * PACS viewers store a reader's bookmarks.
 *
 * <p>Each Graphic Annotation Sequence item applies to the images (and frames) in its own Referenced Image Sequence;
 * without one, to every image the presentation state references, which is taken only when that is a single image,
 * since a measurement drawn on a whole series measures no lesion. A POLYLINE of exactly two points is a RECIST line;
 * every other graphic (longer polylines, ellipses, circles, points, curves) is left alone without complaint, as
 * annotations hold such graphics too. The lines one item draws on one image are paired into two-axis measurements
 * when they cross at 90 +/- 20 degrees ({@link LinePairing}); a line left over is a one-axis measurement.
 *
 * <p>Coordinates in PIXEL units are image-relative ({@link GraphicPixelCoordinates}); coordinates in DISPLAY units
 * are fractions of the displayed area the presentation state selects for the image, else of the whole image, whose
 * size then comes from the {@link ImageSizeLookup}, and are mapped back through any rotation and flip.
 *
 * <p>Nothing here throws for a malformed presentation state: what cannot be used is a problem in the result, and
 * the rest is still read. Whether the endpoints lie on the image is left to {@link MeasurementChecks}.
 */
public final class PresentationStateMeasurements {

    // Tags the shared dictionary lacks (PS3.6).
    private static final int BOUNDING_BOX_ANNOTATION_UNITS = 0x00700003;
    private static final int ANCHOR_POINT_ANNOTATION_UNITS = 0x00700004;
    private static final int UNFORMATTED_TEXT_VALUE = 0x00700006;

    private static final String POLYLINE = "POLYLINE";
    private static final String PIXEL = "PIXEL";
    private static final String DISPLAY = "DISPLAY";

    private final DicomDataset gsps;
    private final ImageSizeLookup sizes;
    private final List<ExtractedMeasurement> measurements = new ArrayList<>();
    private final Set<String> problems = new LinkedHashSet<>();
    private final Map<ImageFrame, DisplayedArea> displayedAreas = new HashMap<>();

    private PresentationStateMeasurements(DicomDataset gsps, ImageSizeLookup sizes) {
        this.gsps = gsps;
        this.sizes = sizes;
    }

    /**
     * @param gsps a Grayscale (or other softcopy) Presentation State data set
     * @param sizes image sizes, needed only for DISPLAY units on an image without a displayed area selection
     */
    public static Extraction extract(DicomDataset gsps, ImageSizeLookup sizes) {
        requireNonNull(gsps, "gsps");
        requireNonNull(sizes, "sizes");
        return new PresentationStateMeasurements(gsps, sizes).extract();
    }

    private Extraction extract() {
        List<DicomDataset> annotations;
        try {
            annotations = gsps.sequence(Tag.GraphicAnnotationSequence);
        } catch (IllegalArgumentException e) {
            return new Extraction(List.of(), List.of("graphic annotation sequence: " + e.getMessage()));
        }
        for (int i = 0; i < annotations.size(); i++) {
            String where = "graphic annotation " + (i + 1);
            try {
                annotation(where, annotations.get(i));
            } catch (IllegalArgumentException e) {
                problems.add(where + ": " + e.getMessage());
            }
        }
        return new Extraction(measurements, new ArrayList<>(problems));
    }

    private void annotation(String where, DicomDataset annotation) {
        List<ImageFrame> images = frames(annotation.sequence(Tag.ReferencedImageSequence));
        if (images.isEmpty()) {
            List<ImageFrame> all = presentationFrames();
            if (all.size() != 1) {
                problems.add(where + ": annotation without image reference applies to " + all.size()
                        + " images; a RECIST measurement is drawn on one");
                return;
            }
            images = all;
        }
        String layer = annotation.string(Tag.GraphicLayer);
        List<DicomDataset> objects = annotation.sequence(Tag.GraphicObjectSequence);
        List<DicomDataset> texts = annotation.sequence(Tag.TextObjectSequence);
        for (ImageFrame image : images) {
            List<LinePairing.Line> lines = new ArrayList<>();
            for (int j = 0; j < objects.size(); j++) {
                String object = where + ", graphic object " + (j + 1) + " on " + image;
                try {
                    LinePairing.Line line = recistLine(objects.get(j), image);
                    if (line != null) {
                        lines.add(line);
                    }
                } catch (ImageProblem e) {
                    problems.add(e.getMessage());
                } catch (IllegalArgumentException e) {
                    problems.add(object + ": " + e.getMessage());
                }
            }
            List<Label> labels = labels(texts, image);
            for (RecistMeasurement m : LinePairing.pair(lines)) {
                measurements.add(new ExtractedMeasurement(image.uid(), image.frame(), m, layer, label(labels, m)));
            }
        }
    }

    /** The line a graphic object draws, or null when it is not a two-point polyline. */
    private LinePairing.Line recistLine(DicomDataset object, ImageFrame image) {
        if (!POLYLINE.equals(object.string(Tag.GraphicType))) {
            return null;
        }
        double[] data = object.doubles(Tag.GraphicData);
        if (data == null) {
            throw new IllegalArgumentException("POLYLINE without Graphic Data");
        }
        int dimensions = object.intValue(Tag.GraphicDimensions, 2);
        if (dimensions != 2) {
            throw new IllegalArgumentException("Graphic Dimensions is " + dimensions + ", expected 2");
        }
        if (data.length % 2 != 0) {
            throw new IllegalArgumentException("Graphic Data holds " + data.length + " values, not column\\row pairs");
        }
        int declared = object.intValue(Tag.NumberOfGraphicPoints, data.length / 2);
        if (declared != data.length / 2) {
            throw new IllegalArgumentException("Number of Graphic Points is " + declared + " but Graphic Data holds "
                    + data.length / 2 + " points");
        }
        if (data.length != 4) {
            return null;
        }
        List<PixelPoint> points = GraphicPixelCoordinates.fromGraphicData(
                toPixelUnits(object.string(Tag.GraphicAnnotationUnits), data, image));
        if (points.get(0).distanceTo(points.get(1)) < MeasurementChecks.MIN_AXIS_LENGTH_PX) {
            throw new IllegalArgumentException("zero-length axis at " + PixelText.of(points.get(0)));
        }
        return new LinePairing.Line(points.get(0), points.get(1));
    }

    private double[] toPixelUnits(String units, double[] data, ImageFrame image) {
        if (PIXEL.equals(units)) {
            return data;
        }
        if (DISPLAY.equals(units)) {
            return displayedArea(image).toPixelUnits(data);
        }
        throw new IllegalArgumentException(
                "annotation units " + (units == null ? "missing" : units) + ", expected PIXEL or DISPLAY");
    }

    private DisplayedArea displayedArea(ImageFrame image) {
        DisplayedArea area = displayedAreas.get(image);
        if (area == null) {
            area = selectDisplayedArea(image);
            displayedAreas.put(image, area);
        }
        return area;
    }

    /** The selection that names the image, else the one that names no image, else the whole image. */
    private DisplayedArea selectDisplayedArea(ImageFrame image) {
        DicomDataset named = null;
        DicomDataset general = null;
        try {
            for (DicomDataset item : gsps.sequence(Tag.DisplayedAreaSelectionSequence)) {
                List<DicomDataset> references = item.sequence(Tag.ReferencedImageSequence);
                if (references.isEmpty()) {
                    general = general == null ? item : general;
                } else if (named == null && names(references, image)) {
                    named = item;
                }
            }
            int rotation = gsps.intValue(Tag.ImageRotation, 0);
            boolean flip = "Y".equals(gsps.string(Tag.ImageHorizontalFlip));
            DicomDataset selection = named != null ? named : general;
            if (selection != null) {
                long[] topLeft = selection.longs(Tag.DisplayedAreaTopLeftHandCorner);
                long[] bottomRight = selection.longs(Tag.DisplayedAreaBottomRightHandCorner);
                if (topLeft == null || topLeft.length != 2 || bottomRight == null || bottomRight.length != 2) {
                    throw new IllegalArgumentException(
                            "its displayed area selection needs a column\\row pair in " + "both corners");
                }
                return DisplayedArea.between(topLeft, bottomRight, rotation, flip);
            }
            ImageSize size = sizes.size(image.uid())
                    .orElseThrow(() -> new IllegalArgumentException(
                            "no displayed area is selected for it and its size is unknown"));
            return DisplayedArea.wholeImage(size, rotation, flip);
        } catch (IllegalArgumentException e) {
            throw new ImageProblem(image + ": DISPLAY units cannot be converted: " + e.getMessage());
        }
    }

    // ---- labels -----------------------------------------------------------------------------------------------

    private record Label(String text, PixelPoint position) {}

    private List<Label> labels(List<DicomDataset> texts, ImageFrame image) {
        List<Label> labels = new ArrayList<>();
        for (DicomDataset text : texts) {
            String value = text.string(UNFORMATTED_TEXT_VALUE);
            if (value != null && !value.isBlank()) {
                labels.add(new Label(value.strip(), textPosition(text, image)));
            }
        }
        return labels;
    }

    /**
     * The anchor point or bounding box centre; null when there is none or it cannot be converted, which only
     * costs the label its position, never a measurement.
     */
    private PixelPoint textPosition(DicomDataset text, ImageFrame image) {
        try {
            double[] anchor = text.doubles(Tag.AnchorPoint);
            if (anchor != null && anchor.length == 2) {
                return GraphicPixelCoordinates.fromGraphicData(
                                toPixelUnits(text.string(ANCHOR_POINT_ANNOTATION_UNITS), anchor, image))
                        .get(0);
            }
            double[] topLeft = text.doubles(Tag.BoundingBoxTopLeftHandCorner);
            double[] bottomRight = text.doubles(Tag.BoundingBoxBottomRightHandCorner);
            if (topLeft != null && topLeft.length == 2 && bottomRight != null && bottomRight.length == 2) {
                double[] centre = {(topLeft[0] + bottomRight[0]) / 2, (topLeft[1] + bottomRight[1]) / 2};
                return GraphicPixelCoordinates.fromGraphicData(
                                toPixelUnits(text.string(BOUNDING_BOX_ANNOTATION_UNITS), centre, image))
                        .get(0);
            }
        } catch (IllegalArgumentException e) {
            return null;
        }
        return null;
    }

    /**
     * The annotation's only text, else the text placed nearest the long axis' midpoint, else the presentation
     * state's Content Label.
     */
    private String label(List<Label> labels, RecistMeasurement m) {
        if (labels.size() == 1) {
            return labels.get(0).text();
        }
        PixelPoint middle = new PixelPoint(
                (m.longStart().x() + m.longEnd().x()) / 2,
                (m.longStart().y() + m.longEnd().y()) / 2);
        Label nearest = null;
        for (Label label : labels) {
            if (label.position() != null
                    && (nearest == null
                            || label.position().distanceTo(middle)
                                    < nearest.position().distanceTo(middle))) {
                nearest = label;
            }
        }
        return nearest != null ? nearest.text() : gsps.string(Tag.ContentLabel);
    }

    // ---- image references -------------------------------------------------------------------------------------

    /** One frame of one image; frame 1 for single-frame images and references that name no frame. */
    private record ImageFrame(String uid, int frame) {

        @Override
        public String toString() {
            return "image " + uid + (frame == 1 ? "" : " frame " + frame);
        }
    }

    /** The frames the presentation state as a whole applies to (Presentation State Relationship Module). */
    private List<ImageFrame> presentationFrames() {
        Set<ImageFrame> frames = new LinkedHashSet<>();
        for (DicomDataset series : gsps.sequence(Tag.ReferencedSeriesSequence)) {
            frames.addAll(frames(series.sequence(Tag.ReferencedImageSequence)));
        }
        return new ArrayList<>(frames);
    }

    /** Whether the references include the frame; a reference without frame numbers includes all frames. */
    private static boolean names(List<DicomDataset> referencedImages, ImageFrame image) {
        for (DicomDataset reference : referencedImages) {
            if (image.uid().equals(reference.string(Tag.ReferencedSOPInstanceUID))) {
                long[] numbers = reference.longs(Tag.ReferencedFrameNumber);
                if (numbers == null) {
                    return true;
                }
                for (long number : numbers) {
                    if (number == image.frame()) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static List<ImageFrame> frames(List<DicomDataset> referencedImages) {
        Set<ImageFrame> frames = new LinkedHashSet<>();
        for (int i = 0; i < referencedImages.size(); i++) {
            DicomDataset reference = referencedImages.get(i);
            String uid = reference.string(Tag.ReferencedSOPInstanceUID);
            if (uid == null || uid.isEmpty()) {
                throw new IllegalArgumentException(
                        "referenced image " + (i + 1) + " has no Referenced SOP Instance " + "UID");
            }
            long[] numbers = reference.longs(Tag.ReferencedFrameNumber);
            if (numbers == null) {
                frames.add(new ImageFrame(uid, 1));
                continue;
            }
            for (long number : numbers) {
                if (number < 1 || number > Integer.MAX_VALUE) {
                    throw new IllegalArgumentException(
                            "referenced image " + uid + " names frame " + number + "; frames are numbered from 1");
                }
                frames.add(new ImageFrame(uid, (int) number));
            }
        }
        return new ArrayList<>(frames);
    }

    /** A problem with an image rather than one graphic object, reported once however many objects it spoils. */
    private static final class ImageProblem extends IllegalArgumentException {

        private static final long serialVersionUID = 1L;

        ImageProblem(String message) {
            super(message);
        }
    }
}
