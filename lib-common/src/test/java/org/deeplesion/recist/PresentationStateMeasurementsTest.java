package org.deeplesion.recist;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.deeplesion.dicom.DicomDataset;
import org.deeplesion.dicom.Tag;
import org.deeplesion.dicom.Vr;
import org.junit.jupiter.api.Test;

/**
 * Presentation states built by hand, one Graphic Annotation Module feature each. Coordinates in PIXEL units are
 * pixel-centre coordinates + 0.5, so the line 10.5\20.5 to 30.5\20.5 runs from (10, 20) to (30, 20).
 */
class PresentationStateMeasurementsTest {

    private static final String IMAGE = "1.2.826.0.1.3680043.10.1.1";
    private static final String OTHER_IMAGE = "1.2.826.0.1.3680043.10.1.2";
    private static final String THIRD_IMAGE = "1.2.826.0.1.3680043.10.1.3";
    /** 100 rows x 200 columns. */
    private static final ImageSizeLookup SIZES =
            uid -> Optional.ofNullable(Map.of(IMAGE, new ImageSize(100, 200)).get(uid));

    private static final ImageSizeLookup NO_SIZES = uid -> Optional.empty();

    @Test
    void crossingPerpendicularLinesAreOneMeasurementWithTheLongerAsLongAxis() {
        DicomDataset ps = presentationState(IMAGE);
        annotate(
                ps,
                IMAGE,
                line(ps, "PIXEL", 20.5f, 15.5f, 20.5f, 25.5f),
                line(ps, "PIXEL", 10.5f, 20.5f, 30.5f, 20.5f));

        Extraction extraction = PresentationStateMeasurements.extract(ps, SIZES);

        assertThat(extraction.problems()).isEmpty();
        assertThat(extraction.measurements())
                .containsExactly(new ExtractedMeasurement(
                        IMAGE,
                        1,
                        RecistMeasurement.twoAxes(
                                new PixelPoint(10, 20),
                                new PixelPoint(30, 20),
                                new PixelPoint(20, 15),
                                new PixelPoint(20, 25)),
                        "MEASUREMENTS",
                        null));
    }

    @Test
    void perpendicularLinesThatDoNotCrossAreTwoOneAxisMeasurements() {
        DicomDataset ps = presentationState(IMAGE);
        annotate(
                ps,
                IMAGE,
                line(ps, "PIXEL", 10.5f, 20.5f, 30.5f, 20.5f),
                line(ps, "PIXEL", 40.5f, 15.5f, 40.5f, 25.5f));

        Extraction extraction = PresentationStateMeasurements.extract(ps, SIZES);

        assertThat(extraction.problems()).isEmpty();
        assertThat(measurements(extraction))
                .containsExactly(
                        RecistMeasurement.longAxisOnly(new PixelPoint(10, 20), new PixelPoint(30, 20)),
                        RecistMeasurement.longAxisOnly(new PixelPoint(40, 15), new PixelPoint(40, 25)));
    }

    @Test
    void loneLineIsAOneAxisMeasurement() {
        DicomDataset ps = presentationState(IMAGE);
        annotate(ps, IMAGE, line(ps, "PIXEL", 0.5f, 0.5f, 3.5f, 4.5f));

        Extraction extraction = PresentationStateMeasurements.extract(ps, SIZES);

        assertThat(extraction.problems()).isEmpty();
        assertThat(extraction.measurements()).hasSize(1);
        RecistMeasurement node = extraction.measurements().get(0).measurement();
        assertThat(node).isEqualTo(RecistMeasurement.longAxisOnly(new PixelPoint(0, 0), new PixelPoint(3, 4)));
        assertThat(node.longDiameterPx()).isEqualTo(5.0);
    }

    @Test
    void polylineOfFivePointsIsIgnoredWithoutAProblem() {
        DicomDataset ps = presentationState(IMAGE);
        annotate(ps, IMAGE, line(ps, "PIXEL", 10, 10, 20, 10, 20, 20, 10, 20, 10, 10));

        Extraction extraction = PresentationStateMeasurements.extract(ps, SIZES);

        assertThat(extraction.measurements()).isEmpty();
        assertThat(extraction.problems()).isEmpty();
    }

    @Test
    void ellipseIsIgnoredWithoutAProblem() {
        DicomDataset ps = presentationState(IMAGE);
        DicomDataset ellipse = line(ps, "PIXEL", 10, 20, 30, 20, 20, 15, 20, 25);
        ellipse.putString(Tag.GraphicType, Vr.CS, "ELLIPSE");
        annotate(ps, IMAGE, ellipse);

        Extraction extraction = PresentationStateMeasurements.extract(ps, SIZES);

        assertThat(extraction.measurements()).isEmpty();
        assertThat(extraction.problems()).isEmpty();
    }

    @Test
    void zeroLengthLineIsAProblemNotAMeasurement() {
        DicomDataset ps = presentationState(IMAGE);
        annotate(ps, IMAGE, line(ps, "PIXEL", 12.5f, 7.5f, 12.5f, 7.5f));

        Extraction extraction = PresentationStateMeasurements.extract(ps, SIZES);

        assertThat(extraction.measurements()).isEmpty();
        assertThat(extraction.problems())
                .containsExactly(
                        "graphic annotation 1, graphic object 1 on image " + IMAGE + ": zero-length axis at (12, 7)");
    }

    @Test
    void annotationWithoutImageReferenceIsAProblemWhenThePresentationStateHasSeveralImages() {
        DicomDataset ps = presentationState(IMAGE, OTHER_IMAGE, THIRD_IMAGE);
        annotate(ps, null, line(ps, "PIXEL", 10.5f, 20.5f, 30.5f, 20.5f));

        Extraction extraction = PresentationStateMeasurements.extract(ps, SIZES);

        assertThat(extraction.measurements()).isEmpty();
        assertThat(extraction.problems())
                .singleElement()
                .asString()
                .contains("annotation without image reference applies to 3 images");
    }

    @Test
    void annotationWithoutImageReferenceAppliesToThePresentationStatesOnlyImage() {
        DicomDataset ps = presentationState(OTHER_IMAGE);
        annotate(ps, null, line(ps, "PIXEL", 10.5f, 20.5f, 30.5f, 20.5f));

        Extraction extraction = PresentationStateMeasurements.extract(ps, SIZES);

        assertThat(extraction.problems()).isEmpty();
        assertThat(extraction.measurements())
                .singleElement()
                .satisfies(m -> assertThat(m.referencedSopInstanceUid()).isEqualTo(OTHER_IMAGE));
    }

    @Test
    void displayUnitsWithoutADisplayedAreaAreFractionsOfTheWholeImage() {
        DicomDataset ps = presentationState(IMAGE);
        // 0.25 of 200 columns is the pixel edge 50, half of 100 rows the edge 50: pixel centres 49.5.
        annotate(ps, IMAGE, line(ps, "DISPLAY", 0.25f, 0.5f, 0.75f, 0.5f));

        Extraction extraction = PresentationStateMeasurements.extract(ps, SIZES);

        assertThat(extraction.problems()).isEmpty();
        assertThat(measurements(extraction))
                .containsExactly(
                        RecistMeasurement.longAxisOnly(new PixelPoint(49.5, 49.5), new PixelPoint(149.5, 49.5)));
    }

    @Test
    void displayUnitsAreFractionsOfTheSelectedDisplayedArea() {
        DicomDataset ps = presentationState(IMAGE);
        // Pixels 101..200 by 51..100 (1-based) span the pixel edges 100..200 by 50..100.
        ps.putSequence(Tag.DisplayedAreaSelectionSequence, List.of(displayedArea(ps, null, 101, 51, 200, 100)));
        annotate(ps, IMAGE, line(ps, "DISPLAY", 0f, 0f, 0.5f, 1f));

        Extraction extraction = PresentationStateMeasurements.extract(ps, NO_SIZES);

        assertThat(extraction.problems()).isEmpty();
        assertThat(measurements(extraction))
                .containsExactly(
                        RecistMeasurement.longAxisOnly(new PixelPoint(99.5, 49.5), new PixelPoint(149.5, 99.5)));
    }

    @Test
    void displayedAreaNamingTheImageWinsOverTheGeneralOne() {
        DicomDataset ps = presentationState(IMAGE);
        ps.putSequence(
                Tag.DisplayedAreaSelectionSequence,
                List.of(
                        displayedArea(ps, null, 1, 1, 200, 100),
                        displayedArea(ps, OTHER_IMAGE, 1, 1, 10, 10),
                        displayedArea(ps, IMAGE, 101, 51, 200, 100)));
        annotate(ps, IMAGE, line(ps, "DISPLAY", 0f, 0f, 0.5f, 1f));

        Extraction extraction = PresentationStateMeasurements.extract(ps, NO_SIZES);

        assertThat(measurements(extraction))
                .containsExactly(
                        RecistMeasurement.longAxisOnly(new PixelPoint(99.5, 49.5), new PixelPoint(149.5, 99.5)));
    }

    @Test
    void displayUnitsOnAnImageOfUnknownSizeAreAProblemNamingTheImage() {
        DicomDataset ps = presentationState(OTHER_IMAGE);
        annotate(
                ps,
                OTHER_IMAGE,
                line(ps, "DISPLAY", 0.25f, 0.5f, 0.75f, 0.5f),
                line(ps, "DISPLAY", 0.5f, 0.25f, 0.5f, 0.75f));

        Extraction extraction = PresentationStateMeasurements.extract(ps, SIZES);

        assertThat(extraction.measurements()).isEmpty();
        assertThat(extraction.problems())
                .singleElement()
                .asString()
                .contains(OTHER_IMAGE)
                .contains("size is unknown");
    }

    @Test
    void displayUnitsFollowTheImageRotation() {
        DicomDataset ps = presentationState(IMAGE);
        ps.putInts(Tag.ImageRotation, Vr.US, 90);
        // Turned clockwise, the image's top-left corner is the display's top-right one.
        annotate(ps, IMAGE, line(ps, "DISPLAY", 1f, 0f, 1f, 0.5f));

        Extraction extraction = PresentationStateMeasurements.extract(ps, SIZES);

        assertThat(measurements(extraction))
                .containsExactly(
                        RecistMeasurement.longAxisOnly(new PixelPoint(-0.5, -0.5), new PixelPoint(99.5, -0.5)));
    }

    @Test
    void unknownAnnotationUnitsAreAProblem() {
        DicomDataset ps = presentationState(IMAGE);
        annotate(ps, IMAGE, line(ps, "MATRIX", 10.5f, 20.5f, 30.5f, 20.5f));

        Extraction extraction = PresentationStateMeasurements.extract(ps, SIZES);

        assertThat(extraction.measurements()).isEmpty();
        assertThat(extraction.problems()).singleElement().asString().contains("annotation units MATRIX");
    }

    @Test
    void referencedFrameNumberIsKept() {
        DicomDataset ps = presentationState(IMAGE);
        DicomDataset annotation = annotate(ps, IMAGE, line(ps, "PIXEL", 10.5f, 20.5f, 30.5f, 20.5f));
        annotation.sequence(Tag.ReferencedImageSequence).get(0).putInts(Tag.ReferencedFrameNumber, Vr.IS, 3);

        Extraction extraction = PresentationStateMeasurements.extract(ps, SIZES);

        assertThat(extraction.measurements())
                .singleElement()
                .satisfies(m -> assertThat(m.referencedFrame()).isEqualTo(3));
    }

    @Test
    void eachMeasurementIsLabelledWithTheNearestText() {
        DicomDataset ps = presentationState(IMAGE);
        DicomDataset annotation = annotate(
                ps,
                IMAGE,
                line(ps, "PIXEL", 10.5f, 20.5f, 30.5f, 20.5f),
                line(ps, "PIXEL", 110.5f, 20.5f, 130.5f, 20.5f));
        annotation.putSequence(Tag.TextObjectSequence, List.of(text(ps, "right", 121, 25), text(ps, "left", 21, 25)));

        Extraction extraction = PresentationStateMeasurements.extract(ps, SIZES);

        assertThat(extraction.measurements())
                .extracting(ExtractedMeasurement::label)
                .containsExactly("left", "right");
    }

    @Test
    void measurementWithoutTextIsLabelledWithTheContentLabel() {
        DicomDataset ps = presentationState(IMAGE);
        ps.putString(Tag.ContentLabel, Vr.CS, "TARGET_1");
        annotate(ps, IMAGE, line(ps, "PIXEL", 10.5f, 20.5f, 30.5f, 20.5f));

        Extraction extraction = PresentationStateMeasurements.extract(ps, SIZES);

        assertThat(extraction.measurements())
                .extracting(ExtractedMeasurement::label)
                .containsExactly("TARGET_1");
    }

    @Test
    void brokenAnnotationDoesNotStopTheNextOne() {
        DicomDataset ps = presentationState(IMAGE);
        DicomDataset broken = ps.newItem();
        broken.putSequence(Tag.ReferencedImageSequence, List.of(ps.newItem()));
        broken.putString(Tag.GraphicLayer, Vr.CS, "MEASUREMENTS");
        broken.putSequence(Tag.GraphicObjectSequence, List.of(line(ps, "PIXEL", 10.5f, 20.5f, 30.5f, 20.5f)));
        DicomDataset good = annotation(ps, IMAGE, line(ps, "PIXEL", 10.5f, 20.5f, 30.5f, 20.5f));
        ps.putSequence(Tag.GraphicAnnotationSequence, List.of(broken, good));

        Extraction extraction = PresentationStateMeasurements.extract(ps, SIZES);

        assertThat(extraction.measurements()).hasSize(1);
        assertThat(extraction.problems())
                .containsExactly("graphic annotation 1: referenced image 1 has no Referenced SOP Instance UID");
    }

    // ---- fixtures ---------------------------------------------------------------------------------------------

    private static List<RecistMeasurement> measurements(Extraction extraction) {
        return extraction.measurements().stream()
                .map(ExtractedMeasurement::measurement)
                .toList();
    }

    /** A presentation state that references the images, all in one series. */
    private static DicomDataset presentationState(String... imageUids) {
        DicomDataset ps = new DicomDataset();
        ps.putString(Tag.SOPClassUID, Vr.UI, "1.2.840.10008.5.1.4.1.1.11.1");
        ps.putString(Tag.SOPInstanceUID, Vr.UI, "1.2.826.0.1.3680043.10.2.1");
        List<DicomDataset> images = new ArrayList<>();
        for (String uid : imageUids) {
            images.add(reference(ps, uid));
        }
        DicomDataset series = ps.newItem();
        series.putString(Tag.SeriesInstanceUID, Vr.UI, "1.2.826.0.1.3680043.10.3.1");
        series.putSequence(Tag.ReferencedImageSequence, images);
        ps.putSequence(Tag.ReferencedSeriesSequence, List.of(series));
        return ps;
    }

    /** Adds one graphic annotation; a null image leaves out its Referenced Image Sequence. */
    private static DicomDataset annotate(DicomDataset ps, String imageUid, DicomDataset... objects) {
        DicomDataset annotation = annotation(ps, imageUid, objects);
        ps.putSequence(Tag.GraphicAnnotationSequence, List.of(annotation));
        return annotation;
    }

    private static DicomDataset annotation(DicomDataset ps, String imageUid, DicomDataset... objects) {
        DicomDataset annotation = ps.newItem();
        if (imageUid != null) {
            annotation.putSequence(Tag.ReferencedImageSequence, List.of(reference(ps, imageUid)));
        }
        annotation.putString(Tag.GraphicLayer, Vr.CS, "MEASUREMENTS");
        annotation.putSequence(Tag.GraphicObjectSequence, List.of(objects));
        return annotation;
    }

    private static DicomDataset reference(DicomDataset ps, String uid) {
        DicomDataset reference = ps.newItem();
        reference.putString(Tag.ReferencedSOPClassUID, Vr.UI, "1.2.840.10008.5.1.4.1.1.2");
        reference.putString(Tag.ReferencedSOPInstanceUID, Vr.UI, uid);
        return reference;
    }

    /** A POLYLINE through the points (column, row pairs). */
    private static DicomDataset line(DicomDataset ps, String units, float... data) {
        DicomDataset object = ps.newItem();
        object.putString(Tag.GraphicAnnotationUnits, Vr.CS, units);
        object.putInts(Tag.GraphicDimensions, Vr.US, 2);
        object.putInts(Tag.NumberOfGraphicPoints, Vr.US, data.length / 2);
        object.putFloats(Tag.GraphicData, data);
        object.putString(Tag.GraphicType, Vr.CS, "POLYLINE");
        object.putString(Tag.GraphicFilled, Vr.CS, "N");
        return object;
    }

    /** A text object anchored in PIXEL units. */
    private static DicomDataset text(DicomDataset ps, String value, float column, float row) {
        DicomDataset text = ps.newItem();
        text.putString(0x00700004, Vr.CS, "PIXEL");
        text.putString(0x00700006, Vr.ST, value);
        text.putFloats(Tag.AnchorPoint, column, row);
        text.putString(Tag.AnchorPointVisibility, Vr.CS, "N");
        return text;
    }

    /** A displayed area selection between two 1-based pixels; a null image applies it to every image. */
    private static DicomDataset displayedArea(
            DicomDataset ps, String imageUid, int left, int top, int right, int bottom) {
        DicomDataset area = ps.newItem();
        if (imageUid != null) {
            area.putSequence(Tag.ReferencedImageSequence, List.of(reference(ps, imageUid)));
        }
        area.putInts(Tag.DisplayedAreaTopLeftHandCorner, Vr.SL, left, top);
        area.putInts(Tag.DisplayedAreaBottomRightHandCorner, Vr.SL, right, bottom);
        area.putString(Tag.PresentationSizeMode, Vr.CS, "SCALE TO FIT");
        return area;
    }
}
